// The privileged helper's wire: the stream protocol's messages (the same ones the headless
// server's WebSocket carries), one JSON object per line. Requests are checked before the Host
// sees them (the helper runs as root and trusts nobody); answers and pushes are checked on the
// way back into the app, so a broken helper cannot feed it malformed data. The checks themselves
// are the protocol's (stream-protocol.ts); this file adds only the line framing.
import type { StreamInvokeMessage, StreamPushMessage, StreamResultMessage } from '../contract.js';
import { refusal } from '../stream-protocol.js';

/** Longest request line the helper reads (bytes, newline excluded); requests are small. */
export const MAX_REQUEST_LINE_BYTES = 16 * 1024;
/** Longest line the app reads from a helper: a tick of thousands of connections fits. */
export const MAX_ANSWER_LINE_BYTES = 64 * 1024 * 1024;

/** The answer to a request line longer than the helper reads. */
export function overflowAnswer(bytes: number): StreamResultMessage {
  return refusal(
    null,
    `a request line of ${bytes} bytes is longer than the ${MAX_REQUEST_LINE_BYTES} accepted; it was skipped`,
  );
}

/** One message as a line (JSON + newline). */
export function encodeLine(
  message: StreamInvokeMessage | StreamResultMessage | StreamPushMessage,
): string {
  return `${JSON.stringify(message)}\n`;
}
