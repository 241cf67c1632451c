// Validation of every request's arguments (contract.ts `Requests`) at the edges: HTTP,
// WebSocket, IPC and the CLI. Whatever arrives is `unknown` until it passes these schemas, and a
// refusal names the field, what was expected and what came, so a person can fix the call.
import { z } from 'zod';
import type { ApiError, RequestArgs, RequestName, Result } from './contract.js';
import { MULTIPATH_MODES, REPORT_FORMATS, REQUEST_NAMES } from './contract.js';
import { describeValue } from './stream-protocol.js';

// Described the same way in every error, whether the value came as a request or a message.
export { describeValue };

/** The kernel's IFNAMSIZ (16) minus the terminating NUL. */
export const MAX_INTERFACE_NAME_BYTES = 15;
export const MIN_INTERVAL_MS = 100;
export const MAX_INTERVAL_MS = 10_000;

/** A tick interval within MIN_INTERVAL_MS–MAX_INTERVAL_MS (1000 ms for a non-number). */
export function clampInterval(ms: number): number {
  if (!Number.isFinite(ms)) return 1000;
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.round(ms)));
}

/** Bytes the kernel's isspace() (lib/ctype.c, Latin-1) counts as space: \t \n \v \f \r, space, 0xA0. */
const KERNEL_SPACE_BYTES = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]);

/**
 * Why `name` cannot be a Linux interface name, or null when it can: exactly the kernel's
 * dev_valid_name() (net/core/dev.c): 1–15 bytes, not "." or "..", no "/", ":" or byte the kernel
 * calls space (0xA0 too, so a UTF-8 "à", C3 A0, is refused as the kernel refuses it). Anything
 * else is a name Linux accepts ("<script>", "$(id)", "eth0é", escape sequences): names reach the
 * kernel by ifindex and never a shell, and every place that shows one escapes it.
 */
export function interfaceNameProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length > MAX_INTERFACE_NAME_BYTES) {
    return `is ${bytes.length} bytes long; interface names are at most ${MAX_INTERFACE_NAME_BYTES}`;
  }
  if (name === '.' || name === '..') return 'cannot be "." or ".."';
  if (name.includes('/')) return 'cannot contain "/"';
  if (name.includes(':')) {
    return 'cannot contain ":" (names like eth0:1 are address labels, not interfaces)';
  }
  if (name.includes('\0')) return 'cannot contain a NUL byte';
  if (bytes.some((b) => KERNEL_SPACE_BYTES.has(b))) return 'cannot contain whitespace';
  return null;
}

/** A Linux interface name, checked by {@link interfaceNameProblem}. */
export const interfaceNameSchema = z
  .string({ error: 'must be an interface name (a string such as "eth0")' })
  .superRefine((name, ctx) => {
    const problem = interfaceNameProblem(name);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

/** 'on' | 'off' | 'backup'. */
export const multipathModeSchema = z.enum(['on', 'off', 'backup'], {
  error: `must be one of ${MULTIPATH_MODES.map((m) => `"${m}"`).join(', ')}`,
});

const sinceSchema = z
  .number({ error: 'must be a number (milliseconds since the epoch)' })
  .nonnegative({ error: 'must not be negative' });

const intervalSchema = z
  .number({ error: 'must be a number of milliseconds' })
  .int({ error: 'must be a whole number of milliseconds' })
  .min(MIN_INTERVAL_MS, { error: `must be at least ${MIN_INTERVAL_MS} ms` })
  .max(MAX_INTERVAL_MS, { error: `must be at most ${MAX_INTERVAL_MS} ms` });

const argsError = { error: 'arguments must be a JSON object' };

/** The kernel accepts 0–8 for each path-manager limit (MPTCP_PM_ADDR_MAX / subflows max). */
const limitSchema = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(0, { error: 'must be at least 0' })
  .max(8, { error: 'must be at most 8 (the kernel limit)' });

const noArgs = z.record(z.string(), z.never(), argsError);

/** A session journal's file name inside the sessions directory: never a path. */
export const sessionIdSchema = z
  .string({ error: 'must be a session id (a journal file name from sessions:list)' })
  .min(1, { error: 'must not be empty' })
  .max(200, { error: 'must be at most 200 characters' })
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, {
    error: 'must be a file name of letters, digits, "_", "." and "-" (no paths)',
  });

const findingIdSchema = z
  .string({ error: 'must be a finding id (from doctor:run)' })
  .min(1, { error: 'must not be empty' })
  .max(200, { error: 'must be at most 200 characters' })
  .regex(/^[\x21-\x7e]+$/, { error: 'must be printable ASCII without spaces' });

/** One schema per request name; each schema's output type is exactly `RequestArgs<K>`. */
export const requestSchemas = {
  'snapshot:get': noArgs,
  'events:list': z.strictObject({ since: sinceSchema.optional() }, argsError),
  'multipath:set': z.strictObject(
    { interface: interfaceNameSchema, mode: multipathModeSchema },
    argsError,
  ),
  'multipath:forget': z.strictObject(
    {
      interface: interfaceNameSchema,
      profile: z
        .string()
        .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
          error: 'must be a connection profile UUID',
        })
        .optional(),
    },
    argsError,
  ),
  'limits:set': z
    .strictObject(
      { subflows: limitSchema.optional(), addAddrAccepted: limitSchema.optional() },
      argsError,
    )
    .refine((v) => v.subflows !== undefined || v.addAddrAccepted !== undefined, {
      error: 'give subflows and/or addAddrAccepted',
    }),
  'monitor:configure': z.strictObject(
    {
      intervalMs: intervalSchema.optional(),
      paused: z.boolean({ error: 'must be true or false' }).optional(),
    },
    argsError,
  ),
  'history:get': z.strictObject(
    {
      seconds: z
        .number({ error: 'must be a number of seconds' })
        .min(10, { error: 'must be at least 10 s' })
        .max(3600, { error: 'must be at most 3600 s (the history kept)' })
        .optional(),
      connection: z
        .string({ error: 'must be a connection token (8 hex digits)' })
        .regex(/^[0-9a-f]{8}$/, { error: 'must be a connection token (8 hex digits)' })
        .optional(),
    },
    argsError,
  ),
  'doctor:run': noArgs,
  'doctor:apply': z.strictObject({ id: findingIdSchema }, argsError),
  'record:start': noArgs,
  'record:stop': noArgs,
  'record:status': noArgs,
  'sessions:list': noArgs,
  'playback:get': noArgs,
  'playback:open': z.strictObject({ session: sessionIdSchema }, argsError),
  'playback:seek': z.strictObject(
    { time: sinceSchema.refine(Number.isFinite, { error: 'must be a finite number' }) },
    argsError,
  ),
  'playback:play': z.strictObject(
    {
      playing: z.boolean({ error: 'must be true or false' }),
      speed: z
        .number({ error: 'must be a number' })
        .min(0.25, { error: 'must be at least 0.25' })
        .max(64, { error: 'must be at most 64' })
        .optional(),
    },
    argsError,
  ),
  'playback:close': noArgs,
  'report:export': z.strictObject(
    {
      session: sessionIdSchema,
      format: z.enum(['html', 'json', 'csv', 'pdf'], {
        error: `must be one of ${REPORT_FORMATS.map((f) => `"${f}"`).join(', ')}`,
      }),
    },
    argsError,
  ),
  'viewer:visibility': z.strictObject(
    { visible: z.boolean({ error: 'must be true or false' }) },
    argsError,
  ),
} as const satisfies { readonly [K in RequestName]: z.ZodType };

const requestNameSet: ReadonlySet<string> = new Set(REQUEST_NAMES);

/** Whether `name` is one of the contract's request names. */
export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && requestNameSet.has(name);
}

/** A request whose name and arguments passed validation. */
export type ValidRequest = { [K in RequestName]: { name: K; args: RequestArgs<K> } }[RequestName];

/** A bad-request ApiError with the given message. */
export function badRequest(message: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code: 'bad-request', message } };
}

/**
 * Checks a request's arguments against its schema. Returns the parsed arguments, or a
 * bad-request error naming the field, what was expected and what was received. Unknown request
 * names are bad requests too.
 */
export function validateRequest<K extends RequestName>(
  name: K,
  args: unknown,
): Result<RequestArgs<K>>;
export function validateRequest(name: unknown, args: unknown): Result<ValidRequest['args']>;
export function validateRequest(name: unknown, args: unknown): Result<ValidRequest['args']> {
  if (!isRequestName(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(clip(name)) : describeValue(name);
    return badRequest(`unknown request ${shown}; known requests: ${REQUEST_NAMES.join(', ')}`);
  }
  const parsed = requestSchemas[name].safeParse(args);
  if (parsed.success) return { ok: true, value: parsed.data };
  return badRequest(`${name}: ${parsed.error.issues.map((i) => explain(i, args)).join('; ')}`);
}

function explain(issue: z.core.$ZodIssue, args: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys
      .map((k) => `"${clip(k)}"`)
      .join(', ')}`;
  }
  if (issue.path.length === 0) return `${issue.message} (got ${describeValue(args)})`;
  // z.record(z.string(), z.never()) reports a key of an object that should be empty.
  if (issue.code === 'invalid_type' && issue.expected === 'never') {
    return `takes no arguments (got field "${clip(String(issue.path[0]))}")`;
  }
  const field = issue.path.map(String).join('.');
  const value = valueAt(args, issue.path);
  if (value === undefined) return `"${field}" is missing: it ${issue.message}`;
  return `"${field}" ${issue.message} (got ${describeValue(value)})`;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
