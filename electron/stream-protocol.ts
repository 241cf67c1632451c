// The stream protocol: how contract.ts's Stream* messages are read, written and paired, the same
// on every link that carries them (the headless server's WebSocket, the privileged helper's stdio,
// the app's RemoteHost and the renderer's WebSocket client). Runtime-free (no Node, no zod) so
// the renderer bundles it as it does the contract. Every check is by hand on untrusted JSON: a
// message is believed only after its shape is known, and a refusal says what to send instead.
import type {
  ApiErrorCode,
  PushName,
  Result,
  StreamInvokeMessage,
  StreamPushMessage,
  StreamResultMessage,
  StreamServerMessage,
} from './contract.js';
import { PUSH_NAMES } from './contract.js';

/** Longest request id accepted (characters). */
export const MAX_ID_CHARS = 128;
/** Longest request name accepted (characters); the real ones are far shorter. */
export const MAX_NAME_CHARS = 64;
/** Longest error message believed in an answer (characters). */
const MAX_ERROR_CHARS = 4096;

/** The id an answer carries: its request's, or null when the request had none readable. */
export type MessageId = StreamResultMessage['id'];

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
const PUSH_NAME_SET: ReadonlySet<string> = new Set(PUSH_NAMES);
const INVOKE_FIELDS: readonly string[] = ['type', 'id', 'name', 'args'];
const INVOKE_SHAPE = '{"type":"invoke", "id", "name", "args"}';

type Shape = Record<string, unknown>;

const isObject = (v: unknown): v is Shape =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const has = (o: Shape, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** A short human description of an untrusted value, safe to put in an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return clip(JSON.stringify(value), 42);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function isId(id: unknown): id is string | number {
  if (typeof id === 'string') return id.length <= MAX_ID_CHARS;
  return typeof id === 'number' && Number.isInteger(id);
}

/** The id of a message that may be malformed, when it has a valid one (so a refusal carries it). */
export function idOf(value: unknown): MessageId {
  if (!isObject(value)) return null;
  return isId(value.id) ? value.id : null;
}

// ---------- client → server: invoke ----------

/** A request as read: the message to run, or the answer that refuses it. */
export type ParsedInvoke =
  | { readonly ok: true; readonly message: StreamInvokeMessage }
  | { readonly ok: false; readonly answer: StreamResultMessage };

/** Reads one request from its JSON text. The arguments stay untrusted: the Host validates them. */
export function parseInvoke(text: string): ParsedInvoke {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse(null, `the message is not JSON; send one ${INVOKE_SHAPE} object`);
  }
  const problem = invokeProblem(value);
  if (problem !== null) return refuse(idOf(value), problem);
  // invokeProblem found nothing wrong: an object with exactly the four fields, typed as they must be.
  const m = value as Shape;
  const message: StreamInvokeMessage = {
    type: 'invoke',
    id: m.id as string | number,
    name: m.name as string,
    args: m.args,
  };
  return { ok: true, message };
}

/** What is wrong with a would-be invoke message, in words; null when nothing is. */
export function invokeProblem(value: unknown): string | null {
  if (!isObject(value)) return `a message must be a JSON object, not ${describeValue(value)}`;
  if (value.type !== 'invoke') {
    return `unknown message type ${describeValue(value.type)}; send ${INVOKE_SHAPE}`;
  }
  if (!isId(value.id)) {
    return `"id" must be a string (at most ${MAX_ID_CHARS} characters) or a whole number`;
  }
  if (typeof value.name !== 'string' || value.name.length > MAX_NAME_CHARS) {
    return `"name" must be a request name such as "snapshot:get" (got ${describeValue(value.name)})`;
  }
  if (!has(value, 'args')) {
    return `"args" is missing: send ${INVOKE_SHAPE} with args an object ({} when the request takes none)`;
  }
  const extra = Object.keys(value).filter((k) => !INVOKE_FIELDS.includes(k));
  if (extra.length === 0) return null;
  return `unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${clip(k, 40)}"`).join(', ')}; send ${INVOKE_SHAPE} only`;
}

/** The answer that refuses a request with a bad-request error saying why. */
export function refusal(id: MessageId, message: string): StreamResultMessage {
  return { type: 'result', id, result: { ok: false, error: { code: 'bad-request', message } } };
}

function refuse(id: MessageId, message: string): ParsedInvoke {
  return { ok: false, answer: refusal(id, message) };
}

/** The JSON text of an invoke message. */
export function invokeText(id: string | number, name: string, args: unknown): string {
  const message: StreamInvokeMessage = { type: 'invoke', id, name, args };
  return JSON.stringify(message);
}

/** The JSON text of a result message. */
export function resultText(id: MessageId, result: Result<unknown>): string {
  const message: StreamResultMessage = { type: 'result', id, result };
  return JSON.stringify(message);
}

// ---------- server → client: result and push ----------

/** A server message, checked; or why it cannot be one. */
export type ParsedServerMessage =
  | { readonly ok: true; readonly message: StreamServerMessage }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads one message a server (or helper) sent. Only the envelope is checked; push payloads are
 * the receiver's to check as deeply as it needs ({@link pushPayloadProblem}).
 */
export function parseServerMessage(text: string): ParsedServerMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'a message that is not JSON' };
  }
  const unexpected = { ok: false, reason: `an unexpected message (${describeValue(value)})` };
  if (!isObject(value)) return unexpected as ParsedServerMessage;
  const keys = Object.keys(value);
  if (value.type === 'push') {
    const { name, payload } = value;
    if (keys.length !== 3 || typeof name !== 'string' || !PUSH_NAME_SET.has(name)) {
      return unexpected as ParsedServerMessage;
    }
    if (!has(value, 'payload')) return unexpected as ParsedServerMessage;
    const message = { type: 'push', name: name as PushName, payload } as StreamPushMessage;
    return { ok: true, message };
  }
  if (value.type === 'result') {
    const id = value.id;
    const result = resultOf(value.result);
    if (keys.length !== 3 || (id !== null && !isId(id)) || result === null) {
      return unexpected as ParsedServerMessage;
    }
    return { ok: true, message: { type: 'result', id, result } };
  }
  return unexpected as ParsedServerMessage;
}

/** A Result from untrusted JSON, or null; an error keeps only its code and message. */
function resultOf(v: unknown): Result<unknown> | null {
  if (!isObject(v)) return null;
  const keys = Object.keys(v).length;
  if (v.ok === true) return keys === 2 && has(v, 'value') ? { ok: true, value: v.value } : null;
  if (v.ok !== false || keys !== 2 || !isObject(v.error)) return null;
  const { code, message } = v.error;
  if (typeof code !== 'string' || !has(API_ERROR_CODE_SET, code)) return null;
  if (typeof message !== 'string' || message.length > MAX_ERROR_CHARS) return null;
  return { ok: false, error: { code: code as ApiErrorCode, message } };
}

/** Light structural checks of each push's payload: enough that a store cannot crash on it. */
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

/** Why a push's payload cannot be used as its name says, or null when it looks right. */
export function pushPayloadProblem(message: StreamPushMessage): string | null {
  const payload: unknown = message.payload;
  if (isObject(payload) && PAYLOAD_CHECKS[message.name](payload)) return null;
  return `a ${message.name} push whose payload is not ${message.name}'s shape`;
}

// ---------- pairing answers with requests ----------

/**
 * The requests a client is waiting on, by the numeric id it gave each invoke. An answer settles
 * the request with its id; an answer with any other id (unknown, already answered, a string, or
 * null for a message the server could not read) pairs with nothing.
 */
export class PendingRequests<E> {
  private readonly waiting = new Map<number, E>();
  private nextId = 1;

  /** Registers a request, made from its id (its invoke text carries it); returns the id. */
  add(make: (id: number) => E): number {
    const id = this.nextId++;
    this.waiting.set(id, make(id));
    return id;
  }

  /** The request waiting on `id`, left waiting. */
  get(id: number): E | undefined {
    return this.waiting.get(id);
  }

  /** The request an answer's id names, no longer waiting; undefined when none waits on it. */
  take(id: MessageId): E | undefined {
    if (typeof id !== 'number') return undefined;
    const entry = this.waiting.get(id);
    if (entry !== undefined) this.waiting.delete(id);
    return entry;
  }

  /** Every waiting request, no longer waiting (the link is gone: each gets its failure). */
  takeAll(): E[] {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    return all;
  }

  /** The waiting requests with their ids (a snapshot: taking while iterating is safe). */
  entries(): [number, E][] {
    return [...this.waiting];
  }

  get size(): number {
    return this.waiting.size;
  }
}
