// The privileged helper's wire: the contract's stream messages (the same ones the headless
// server's WebSocket carries), one JSON object per line. Requests are checked here before the
// Host sees them (the helper runs as root and trusts nobody); answers and pushes are checked
// on the way back into the app, so a broken helper cannot feed it malformed data.
import { z } from 'zod';
import type {
  ApiErrorCode,
  PushName,
  Result,
  StreamInvokeMessage,
  StreamPushMessage,
  StreamResultMessage,
  StreamServerMessage,
} from '../contract.js';
import { PUSH_NAMES } from '../contract.js';
import { badRequest, describeValue } from '../validation.js';

/** Longest request line the helper reads (bytes, newline excluded); requests are small. */
export const MAX_REQUEST_LINE_BYTES = 16 * 1024;
/** Longest line the app reads from a helper: a tick of thousands of connections fits. */
export const MAX_ANSWER_LINE_BYTES = 64 * 1024 * 1024;
/** Longest request id accepted (characters), as on the WebSocket. */
const MAX_ID_CHARS = 128;

// A Record, so the compiler insists on every ApiErrorCode.
const API_ERROR_CODE_SET: Record<ApiErrorCode, true> = {
  'bad-request': true,
  'not-found': true,
  permission: true,
  'mptcp-unavailable': true,
  netns: true,
  kernel: true,
  unauthorized: true,
  unavailable: true,
  internal: true,
};
const API_ERROR_CODES = Object.keys(API_ERROR_CODE_SET) as [ApiErrorCode, ...ApiErrorCode[]];

const idSchema = z.union([z.string().max(MAX_ID_CHARS), z.number().int()]);

const invokeSchema = z.strictObject({
  type: z.literal('invoke'),
  id: idSchema,
  name: z.string().max(64),
  args: z.unknown(),
});

const resultSchema = z.union([
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({
    ok: z.literal(false),
    error: z.object({ code: z.enum(API_ERROR_CODES), message: z.string().max(4096) }),
  }),
]);

const serverMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('result'), id: idSchema.nullable(), result: resultSchema }),
  z.strictObject({
    type: z.literal('push'),
    name: z.enum(PUSH_NAMES as readonly PushName[] as [PushName, ...PushName[]]),
    payload: z.unknown(),
  }),
]);

/** A request line: the message to run, or the answer that refuses it. */
export type ParsedRequest =
  | { readonly ok: true; readonly message: StreamInvokeMessage }
  | { readonly ok: false; readonly answer: StreamResultMessage };

/** Reads one request line. The arguments stay untrusted: the Host validates them. */
export function parseRequestLine(text: string): ParsedRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse(null, 'the line is not JSON; send one {"type":"invoke",…} object per line');
  }
  const parsed = invokeSchema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data };
  return refuse(idOf(value), invalidRequest(value));
}

/** The answer to a request line longer than the helper reads. */
export function overflowAnswer(bytes: number): StreamResultMessage {
  return {
    type: 'result',
    id: null,
    result: badRequest(
      `a request line of ${bytes} bytes is longer than the ${MAX_REQUEST_LINE_BYTES} accepted; it was skipped`,
    ),
  };
}

/** A message from a helper or agent, checked; or why it cannot be one. */
export type ParsedServerLine =
  | { readonly ok: true; readonly message: StreamServerMessage }
  | { readonly ok: false; readonly reason: string };

/** Reads one line the helper (or an agent's WebSocket) sent to the app. */
export function parseServerLine(text: string): ParsedServerLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'a line is not JSON' };
  }
  const parsed = serverMessageSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, reason: `an unexpected message (${describeValue(value)})` };
  }
  const message = parsed.data;
  if (message.type === 'push') return { ok: true, message: message as StreamPushMessage };
  return { ok: true, message: { type: 'result', id: message.id, result: message.result } };
}

/** One message as a line (JSON + newline). */
export function encodeLine(
  message: StreamInvokeMessage | StreamResultMessage | StreamPushMessage,
): string {
  return `${JSON.stringify(message)}\n`;
}

function refuse(id: string | number | null, message: string): ParsedRequest {
  const result: Result<never> = badRequest(message);
  return { ok: false, answer: { type: 'result', id, result } };
}

function idOf(value: unknown): string | number | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = idSchema.safeParse((value as Record<string, unknown>).id);
  return id.success ? id.data : null;
}

function invalidRequest(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `a request must be a JSON object, not ${describeValue(value)}`;
  }
  const m = value as Record<string, unknown>;
  if (m.type !== 'invoke') {
    return `unknown message type ${describeValue(m.type)}; send {"type":"invoke", "id", "name", "args"}`;
  }
  if (idOf(value) === null) {
    return `"id" must be a string (at most ${MAX_ID_CHARS} characters) or a whole number`;
  }
  if (typeof m.name !== 'string' || m.name.length > 64) {
    return `"name" must be a request name such as "snapshot:get" (got ${describeValue(m.name)})`;
  }
  const extra = Object.keys(m).filter((k) => !['type', 'id', 'name', 'args'].includes(k));
  return `unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k.slice(0, 40)}"`).join(', ')}`;
}
