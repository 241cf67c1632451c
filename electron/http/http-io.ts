// Small HTTP helpers shared by every listener (the headless server, report downloads, metrics):
// parsing request targets, reading bounded JSON bodies, and writing Result JSON with the status
// code and security headers every answer carries.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ApiError, ApiErrorCode, Result } from '../contract.js';

/** Largest request body (and WebSocket message) accepted, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/** An answer that did not work out: the HTTP status and the error carried in the body. */
export interface HttpFailure {
  readonly status: number;
  readonly error: ApiError;
}

/** HTTP status for each ApiError code. */
export function statusForError(code: ApiErrorCode): number {
  switch (code) {
    case 'bad-request':
      return 400;
    case 'unauthorized':
      return 401;
    case 'permission':
      return 403;
    case 'not-found':
      return 404;
    case 'kernel':
      return 502;
    case 'mptcp-unavailable':
    case 'netns':
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
  }
}

/**
 * The Content-Security-Policy for pages served to `host` (a validated Host header such as
 * "127.0.0.1:7070"): only this server's scripts, and WebSockets only back to it.
 */
export function contentSecurityPolicy(host: string): string {
  return [
    "default-src 'self'",
    `connect-src 'self' ws://${host}`,
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Headers sent with every response. `host` is the validated Host header, when there is one. */
export function securityHeaders(host: string | undefined): OutgoingHttpHeaders {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': contentSecurityPolicy(host ?? "'none'"),
  };
}

/** Writes `body` as JSON with `status`; API answers are never cached. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Writes a Result: 200 for ok, otherwise the status of its error code. */
export function sendResult(
  res: ServerResponse,
  result: Result<unknown>,
  headers: OutgoingHttpHeaders = {},
): void {
  sendJson(res, result.ok ? 200 : statusForError(result.error.code), result, headers);
}

/** Writes `{ok:false, error}` with an explicit status (e.g. 405, 413, 415). */
export function sendFailure(
  res: ServerResponse,
  failure: HttpFailure,
  headers: OutgoingHttpHeaders = {},
): void {
  sendJson(res, failure.status, { ok: false, error: failure.error }, headers);
}

/** Builds an HttpFailure. */
export function failure(status: number, code: ApiErrorCode, message: string): HttpFailure {
  return { status, error: { code, message } };
}

/** A request target split into its decoded-once path and its query. */
export interface Target {
  /** Path with dot segments resolved by the URL parser; percent-escapes still encoded. */
  readonly pathname: string;
  readonly query: URLSearchParams;
}

/**
 * Parses a request's target ("/path?query"). Returns null for anything but origin-form
 * targets, so "//evil.example/" or "http://…" can never become a redirect elsewhere.
 */
export function parseTarget(raw: string | undefined): Target | null {
  if (raw?.startsWith('/') !== true) return null;
  try {
    // Prefixing an origin (rather than passing a base) keeps "//x" a path, never a host.
    const url = new URL(`http://subflow.invalid${raw}`);
    if (url.host !== 'subflow.invalid') return null;
    return { pathname: url.pathname, query: url.searchParams };
  } catch {
    return null;
  }
}

function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const [type = '', ...params] = value.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => !p.startsWith('charset=') || /^charset="?utf-8"?$/.test(p));
}

/** A parsed JSON body, or why there is none. */
export type BodyResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly failure: HttpFailure };

/**
 * Reads a JSON request body of at most `limit` bytes. Refuses other content types (415),
 * larger bodies (413, without reading them to the end), invalid UTF-8 or JSON (400).
 */
export function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const refuse = (f: HttpFailure) => Promise.resolve({ ok: false as const, failure: f });
  if (!isJsonContentType(req.headers['content-type'])) {
    return refuse(
      failure(415, 'bad-request', 'the request body must be JSON (Content-Type: application/json)'),
    );
  }
  const tooLarge = failure(413, 'bad-request', `the request body is over ${limit} bytes`);
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return refuse(tooLarge);

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (value: BodyResult) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) settle({ ok: false, failure: tooLarge });
      else chunks.push(chunk);
    });
    req.on('error', () => {
      settle({ ok: false, failure: failure(400, 'bad-request', 'the request body was cut off') });
    });
    req.on('end', () => {
      settle(parseJson(Buffer.concat(chunks)));
    });
  });
}

function parseJson(bytes: Buffer): BodyResult {
  const bad = (message: string) => ({
    ok: false as const,
    failure: failure(400, 'bad-request', message),
  });
  if (bytes.length === 0) return bad('the request body is empty; send a JSON object');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bad('the request body is not valid UTF-8');
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const detail = err instanceof SyntaxError ? `: ${err.message}` : '';
    return bad(`the request body is not valid JSON${detail}`);
  }
}
