// The window's page and its Content-Security-Policy. The renderer is served from dist/renderer
// over a private `app://subflow/` scheme rather than file://: a custom scheme lets every answer
// carry real headers (file:// responses have none, so a CSP could only come from a <meta> tag),
// gives the page a proper origin for IPC sender checks, and cannot reach any other file.
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { knownContentType } from '../http/content-types.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'subflow';
/** The page's origin; IPC is accepted only from frames on it. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The URL the window loads. */
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * Scripts and styles only from the app itself (React sets styles through the CSSOM, which CSP
 * does not restrict; inline <style> from chart code needs 'unsafe-inline'); no network at all:
 * the renderer talks to the host only through the preload bridge.
 */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Privileges of the scheme (registered before the app is ready). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/** What to answer for one request to the scheme. */
export type AppFile =
  | { readonly ok: true; readonly path: string; readonly headers: Record<string, string> }
  | { readonly ok: false; readonly status: 400 | 404 };

/**
 * Maps an `app://subflow/…` URL to a file under `root` (the built renderer), with the headers to
 * send. Anything else — another host, a path escaping root, an unknown file type — is refused.
 */
export function resolveAppFile(requestUrl: string, root: string): AppFile {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 404 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (pathname.includes('\0')) return { ok: false, status: 400 };
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const base = normalize(root);
  const path = normalize(join(base, relative));
  if (!path.startsWith(base.endsWith(sep) ? base : base + sep)) return { ok: false, status: 404 };
  const type = knownContentType(path);
  if (type === undefined) return { ok: false, status: 404 };
  return {
    ok: true,
    path,
    headers: {
      'Content-Type': type,
      'Content-Security-Policy': APP_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  };
}

/** The protocol handler's answer to `requestUrl`: the file with its headers, or 400/404. */
export async function serveAppRequest(requestUrl: string, root: string): Promise<Response> {
  const file = resolveAppFile(requestUrl, root);
  if (!file.ok) return new Response(null, { status: file.status });
  try {
    return new Response(await readFile(file.path), { headers: file.headers });
  } catch {
    return new Response(null, { status: 404 });
  }
}

/** Whether `url` is a page of the app (the only frames whose IPC is accepted). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The built renderer inside the app directory. */
export function rendererRoot(appPath: string): string {
  return join(appPath, 'dist', 'renderer');
}
