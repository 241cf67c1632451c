// Bounded buffers for the monitor's history: a generic fixed-capacity ring over an array, and a
// ring of (time, rx, tx) rows over typed arrays that grows lazily up to its capacity, so a
// short-lived series costs a few hundred bytes and a long-lived one never more than its cap.

/** A FIFO of at most `capacity` items: pushing onto a full ring drops the oldest. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends `item`; returns the item dropped to make room, if any. */
  push(item: T): T | undefined {
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = item;
      this.count++;
      return undefined;
    }
    const dropped = this.items[this.start];
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    return dropped;
  }

  /** The i-th item, 0 = oldest; undefined outside [0, size). */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.items[(this.start + i) % this.capacity];
  }

  /** The newest item. */
  last(): T | undefined {
    return this.at(this.count - 1);
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++)
      out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}

const INITIAL_ROWS = 16;
/** Growth factor: few reallocations for the many short series, at most 4× the rows used. */
const GROWTH = 4;
/** Bytes per row: a Float64 time and two Float32 rates. */
const ROW_BYTES = 16;

/**
 * Rows of (time in ms, rx, tx), oldest dropped beyond `capacity`. Times are Float64 (epoch
 * milliseconds need it); rates Float32 (7 significant digits: plenty for a chart, half the
 * memory). The three columns share one ArrayBuffer that starts at 16 rows and grows 4× as needed
 * up to `capacity` rows of 16 bytes.
 */
export class SeriesRing {
  private times: Float64Array;
  private rxs: Float32Array;
  private txs: Float32Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    [this.times, this.rxs, this.txs] = SeriesRing.columns(Math.min(capacity, INITIAL_ROWS));
  }

  private static columns(rows: number): [Float64Array, Float32Array, Float32Array] {
    const buffer = new ArrayBuffer(rows * ROW_BYTES);
    return [
      new Float64Array(buffer, 0, rows),
      new Float32Array(buffer, rows * 8, rows),
      new Float32Array(buffer, rows * 12, rows),
    ];
  }

  get size(): number {
    return this.count;
  }

  /** Bytes of typed-array storage allocated now. */
  get allocatedBytes(): number {
    return this.times.length * ROW_BYTES;
  }

  push(time: number, rx: number, tx: number): void {
    let rows = this.times.length;
    if (this.count === rows && rows < this.capacity) {
      // Not wrapped yet (wrapping starts only at full capacity): a plain copy keeps the order.
      rows = Math.min(this.capacity, rows * GROWTH);
      const [times, rxs, txs] = SeriesRing.columns(rows);
      times.set(this.times);
      rxs.set(this.rxs);
      txs.set(this.txs);
      this.times = times;
      this.rxs = rxs;
      this.txs = txs;
    }
    let at: number;
    if (this.count < rows) {
      at = (this.start + this.count) % rows;
      this.count++;
    } else {
      at = this.start;
      this.start = (this.start + 1) % rows;
    }
    this.times[at] = time;
    this.rxs[at] = rx;
    this.txs[at] = tx;
  }

  private slot(i: number): number {
    return (this.start + i) % this.times.length;
  }

  /** Time of the i-th row (0 = oldest), ms; NaN outside [0, size). */
  timeAt(i: number): number {
    return i >= 0 && i < this.count ? (this.times[this.slot(i)] ?? NaN) : NaN;
  }

  /**
   * Appends the rows with `from` ≤ time < `until` to the arrays, oldest first.
   */
  copyInto(
    out: { time: number[]; rx: number[]; tx: number[] },
    from = -Infinity,
    until = Infinity,
  ): void {
    for (let i = 0; i < this.count; i++) {
      const s = this.slot(i);
      const t = this.times[s] ?? NaN;
      if (!(t >= from && t < until)) continue;
      out.time.push(t);
      out.rx.push(this.rxs[s] ?? 0);
      out.tx.push(this.txs[s] ?? 0);
    }
  }
}
