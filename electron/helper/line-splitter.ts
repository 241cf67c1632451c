// Newline-delimited framing with a bound: bytes in, complete lines out. A line longer than the
// bound is reported once as an overflow and skipped up to its newline, so a peer cannot make the
// reader buffer without limit (the helper runs as root and must not trust what it reads).

/** What one chunk of input produced, in order. */
export type SplitItem =
  | { readonly kind: 'line'; readonly text: string }
  | { readonly kind: 'overflow'; readonly bytes: number };

export class LineSplitter {
  private parts: Buffer[] = [];
  private held = 0;
  /** Bytes of an over-long line seen so far, while skipping to its end; -1 when not skipping. */
  private skipped = -1;

  /** @param maxLineBytes the longest line accepted, newline excluded. */
  constructor(private readonly maxLineBytes: number) {}

  /** Feeds a chunk; returns the lines it completed and the over-long lines it skipped. */
  push(chunk: Buffer): SplitItem[] {
    const items: SplitItem[] = [];
    let start = 0;
    while (start <= chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline < 0 ? chunk.length : newline;
      this.take(chunk.subarray(start, end));
      if (newline < 0) break;
      items.push(this.finishLine());
      start = newline + 1;
    }
    return items;
  }

  /** At end of input: a last line without a newline, if any. */
  end(): SplitItem[] {
    if (this.held === 0 && this.skipped < 0) return [];
    return [this.finishLine()];
  }

  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.skipped >= 0) {
      this.skipped += piece.length;
      return;
    }
    if (this.held + piece.length > this.maxLineBytes) {
      this.skipped = this.held + piece.length;
      this.parts = [];
      this.held = 0;
      return;
    }
    this.parts.push(Buffer.from(piece));
    this.held += piece.length;
  }

  private finishLine(): SplitItem {
    if (this.skipped >= 0) {
      const bytes = this.skipped;
      this.skipped = -1;
      return { kind: 'overflow', bytes };
    }
    const text = Buffer.concat(this.parts, this.held).toString('utf8');
    this.parts = [];
    this.held = 0;
    return { kind: 'line', text: text.endsWith('\r') ? text.slice(0, -1) : text };
  }
}
