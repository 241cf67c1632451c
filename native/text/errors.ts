// The one error the text parsers throw: it names the input, the line and what was wrong there.

/** Where a ParseError happened and why. */
export interface ParseErrorInfo {
  /** What was being parsed, e.g. `ss -tinM` or a fixture file name. */
  source: string;
  /** 1-based line number in the parsed text (0 when the input as a whole is at fault). */
  line: number;
  /** What was wrong, in words, quoting the offending text. */
  detail: string;
}

/** Thrown by every parser in native/text for malformed or truncated input; nothing else is. */
export class ParseError extends Error implements ParseErrorInfo {
  override readonly name = 'ParseError';
  readonly source: string;
  readonly line: number;
  readonly detail: string;

  constructor(info: ParseErrorInfo) {
    const where = info.line > 0 ? `${info.source}, line ${info.line}` : info.source;
    super(`cannot parse ${where}: ${info.detail}`);
    this.source = info.source;
    this.line = info.line;
    this.detail = info.detail;
  }
}

/** Quotes a piece of input for an error message, cut short so a huge line stays readable. */
export function quote(text: string, max = 60): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(shown);
}
