// Where the headless server reports what happens to it; the default writes warnings and errors
// to stderr and keeps quiet about the rest, so `subflow serve` prints only what matters; through
// terminalSafe, since messages carry names from the kernel and from requests.
import { writeErr } from '../terminal-text.js';

/** A sink for the server's log lines. */
export interface ServerLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Warnings and errors to stderr, prefixed "subflow:"; info dropped. */
export const stderrLogger: ServerLogger = {
  info: () => undefined,
  warn: (message) => {
    writeErr(`subflow: warning: ${message}\n`);
  },
  error: (message) => {
    writeErr(`subflow: error: ${message}\n`);
  },
};
