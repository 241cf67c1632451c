// The one way the CLI and the server's log put text on a terminal. Anything may come from the
// kernel (interface names are any bytes but "/", ":" and space, so `$'\e[31mRED'` is a valid
// name) or from a request, and a control character must never reach the terminal as itself:
// C0 controls but newline and tab, DEL, C1 controls and the bidi overrides are written as
// \u{…}-style escapes. JSON stays valid: such characters only occur inside JSON strings, where
// the \uXXXX form decodes to the same character.

// Characters a terminal acts on or that reorder what is shown: C0 but \t and \n, DEL, C1,
// and the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character written as \uXXXX (newline and tab kept). */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Writes `text` to stdout, escaped by {@link terminalSafe}. */
export function writeOut(text: string): void {
  process.stdout.write(terminalSafe(text));
}

/** Writes `text` to stderr, escaped by {@link terminalSafe}. */
export function writeErr(text: string): void {
  process.stderr.write(terminalSafe(text));
}
