// The pages of the headless server: the built renderer from staticDir (never a byte outside
// it), the ?token= → cookie → redirect hand-over, and a plain page when nothing is built yet.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import type { HostPolicy } from '../http/auth.js';
import { knownContentType } from '../http/content-types.js';
import { checkAccess, sessionCookie, tokensEqual, UNAUTHORIZED_MESSAGE } from '../http/auth.js';
import type { Target } from '../http/http-io.js';
import { securityHeaders } from '../http/http-io.js';
import type { ServerLogger } from '../http/logger.js';

/** What page serving needs from the server. */
export interface PageContext {
  /** The built renderer; undefined when there is none. */
  readonly staticDir: string | undefined;
  readonly token: string;
  readonly policy: HostPolicy;
  readonly logger: ServerLogger;
}

/** The Content-Type for a file name; unknown kinds are served as opaque bytes. */
export function contentTypeFor(file: string): string {
  return knownContentType(file) ?? 'application/octet-stream';
}

/**
 * Resolves a URL path (still percent-encoded) to a file under `root`, or null when it would
 * leave `root`, cannot be decoded or holds a NUL. Pure: it does not look at the disk.
 */
export function resolveUnder(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const full = resolve(base, `.${sep}${decoded.replace(/^[/\\]+/, '')}`);
  return full === base || full.startsWith(base + sep) ? full : null;
}

function sendText(
  res: ServerResponse,
  status: number,
  type: 'text/plain' | 'text/html',
  body: string,
  headers: OutgoingHttpHeaders,
): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Subflow</title></head>
<body><h1>Subflow</h1>
<p>No dashboard is installed with this copy of Subflow (there is no <code>index.html</code> in
its renderer folder). The API works: <code>GET /api/snapshot</code>, <code>GET /api/events</code>,
<code>POST /api/multipath</code> and the WebSocket <code>/api/stream</code>, with the token this
page was opened with.</p>
</body></html>
`;

const WRONG_TOKEN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Subflow: wrong token</title></head>
<body><h1>Wrong token</h1><p>This link's token is not the one this server uses: ${UNAUTHORIZED_MESSAGE.replace(/`/g, '')}.</p></body></html>
`;

/** Answers a request for a page or asset (anything outside /api). */
export async function handlePage(
  req: IncomingMessage,
  res: ServerResponse,
  target: Target,
  ctx: PageContext,
): Promise<void> {
  const access = checkAccess(req.headers, ctx.policy, ctx.token, { token: false, mutating: false });
  if (!access.ok) {
    sendText(
      res,
      access.failure.status,
      'text/plain',
      `${access.failure.error.message}\n`,
      securityHeaders(undefined),
    );
    return;
  }
  const headers = securityHeaders(access.host);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'text/plain', 'pages answer GET only\n', { ...headers, Allow: 'GET, HEAD' });
    return;
  }
  const offered = target.query.get('token');
  if (offered !== null) {
    if (!tokensEqual(offered, ctx.token)) {
      sendText(res, 401, 'text/html', WRONG_TOKEN_PAGE, headers);
      return;
    }
    // Hand the token over as a cookie and drop it from the address bar and history.
    const query = new URLSearchParams(target.query);
    query.delete('token');
    const search = query.size > 0 ? `?${query.toString()}` : '';
    res.writeHead(303, {
      ...headers,
      'Set-Cookie': sessionCookie(ctx.token, ctx.policy.port),
      Location: `/${target.pathname.replace(/^\/+/, '')}${search}`,
      'Cache-Control': 'no-store',
      'Content-Length': 0,
    });
    res.end();
    return;
  }
  await serveFile(req, res, target.pathname, ctx, headers);
}

async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  ctx: PageContext,
  headers: OutgoingHttpHeaders,
): Promise<void> {
  const notFound = () => {
    sendText(res, 404, 'text/plain', 'not found\n', headers);
  };
  const root = ctx.staticDir === undefined ? null : await realDir(ctx.staticDir);
  const index = root === null ? null : await fileAt(join(root, 'index.html'));
  if (root === null || index === null) {
    if (pathname === '/' || pathname === '/index.html')
      sendText(res, 200, 'text/html', NOT_BUILT_PAGE, headers);
    else notFound();
    return;
  }
  const candidate = resolveUnder(root, pathname);
  if (candidate === null) {
    notFound();
    return;
  }
  let file = await fileAt(candidate);
  if (file === null && (await isDirectory(candidate)))
    file = await fileAt(join(candidate, 'index.html'));
  // Symbolic links must not lead out of the directory either.
  if (file === null || !file.path.startsWith(root + sep)) {
    notFound();
    return;
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': contentTypeFor(file.path),
    'Content-Length': file.size,
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file.path);
  stream.on('error', (err) => {
    ctx.logger.error(`reading ${file.path}: ${err.message}`);
    res.destroy();
  });
  stream.pipe(res);
}

async function realDir(dir: string): Promise<string | null> {
  try {
    const real = await realpath(dir);
    return (await stat(real)).isDirectory() ? real : null;
  } catch {
    return null;
  }
}

/** The real path and size of a regular file, or null. */
async function fileAt(path: string): Promise<{ path: string; size: number } | null> {
  try {
    const real = await realpath(path);
    const info = await stat(real);
    return info.isFile() ? { path: real, size: info.size } : null;
  } catch {
    return null;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
