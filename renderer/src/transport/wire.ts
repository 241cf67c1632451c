// The WebSocket wire of contract.ts as the renderer reads it: server messages are checked before
// they are believed (a bad one is ignored and counted, never thrown), invokes are serialised.
import type {
  PushName,
  Result,
  StreamInvokeMessage,
  StreamPushMessage,
  StreamResultMessage,
} from '../../../electron/contract.js';
import { PUSH_NAMES } from '../../../electron/contract.js';

const pushNames: ReadonlySet<string> = new Set(PUSH_NAMES);

type Shape = Record<string, unknown>;

const isObject = (v: unknown): v is Shape =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Light structural checks of each push's payload: enough that the store cannot crash on it. */
const PAYLOAD_CHECKS: Readonly<Record<PushName, (p: Shape) => boolean>> = {
  onTick: (p) =>
    isObject(p.snapshot) &&
    typeof p.snapshot.time === 'number' &&
    Array.isArray(p.snapshot.interfaces) &&
    Array.isArray(p.snapshot.connections) &&
    Array.isArray(p.events),
  onRecording: (p) => typeof p.active === 'boolean',
  onPlayback: (p) => p.mode === 'live' || (p.mode === 'replay' && isObject(p.session)),
  onProgress: (p) => typeof p.done === 'number' && typeof p.total === 'number',
};

function isResult(v: unknown): v is Result<unknown> {
  if (!isObject(v)) return false;
  if (v.ok === true) return 'value' in v;
  return v.ok === false && isObject(v.error) && typeof v.error.message === 'string';
}

/** A server message from raw text, or null when it is not one (bad JSON, unknown shape). */
export function parseServerMessage(text: unknown): StreamPushMessage | StreamResultMessage | null {
  if (typeof text !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  if (value.type === 'push') {
    const name = value.name;
    if (typeof name !== 'string' || !pushNames.has(name) || !isObject(value.payload)) return null;
    const check = PAYLOAD_CHECKS[name as PushName];
    return check(value.payload) ? (value as unknown as StreamPushMessage) : null;
  }
  if (value.type === 'result') {
    const id = value.id;
    if (id !== null && typeof id !== 'string' && typeof id !== 'number') return null;
    return isResult(value.result) ? (value as unknown as StreamResultMessage) : null;
  }
  return null;
}

/** The text of an invoke message. */
export function invokeText(id: number, name: string, args: unknown): string {
  const message: StreamInvokeMessage = { type: 'invoke', id, name, args };
  return JSON.stringify(message);
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
