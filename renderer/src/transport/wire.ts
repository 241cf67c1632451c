// The stream protocol as the renderer's WebSocket reads it: server messages are checked by
// stream-protocol.ts before they are believed (a bad one is ignored and counted, never thrown),
// pushes down to their payload's shape; and a close code said in words.
import type { StreamServerMessage } from '../../../electron/contract.js';
import { parseServerMessage, pushPayloadProblem } from '../../../electron/stream-protocol.js';

/**
 * A server message from raw text, or null when it is not one (bad JSON, unknown shape, or a push
 * whose payload the store could not use).
 */
export function readServerMessage(text: unknown): StreamServerMessage | null {
  if (typeof text !== 'string') return null;
  const parsed = parseServerMessage(text);
  if (!parsed.ok) return null;
  const message = parsed.message;
  return message.type === 'push' && pushPayloadProblem(message) !== null ? null : message;
}

/** Why a WebSocket closed, in words, from its close code and reason. */
export function closeReason(code: number, reason: string): string {
  switch (code) {
    case 1000:
      return reason === '' ? 'the server closed the connection' : `the server closed it: ${reason}`;
    case 1001:
      return 'the server is restarting or shutting down';
    case 1013:
      return 'the server dropped this page for falling behind';
    case 1006:
      return 'the connection dropped (server stopped or network down)';
    default:
      return `the connection closed (code ${code}${reason === '' ? '' : `: ${reason}`})`;
  }
}
