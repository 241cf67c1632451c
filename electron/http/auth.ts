// Who may talk to the headless server: the token (Bearer header or session cookie, compared in
// constant time), the Host header (DNS-rebinding defence) and the Origin header (cross-site
// defence). Pure functions of header values, so every rule is unit-tested without a socket.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP, isIPv6 } from 'node:net';
import type { HttpFailure } from './http-io.js';
import { failure } from './http-io.js';

/**
 * Name of the HttpOnly cookie that carries the token for browsers on `port`. Cookies ignore
 * ports, so every service on the same host receives it: a name per port at least keeps two
 * Subflow servers from overwriting each other's and tells a server which one is its own. Only
 * this server's name is read back.
 */
export function tokenCookieName(port: number): string {
  return `subflow_token_${port}`;
}

const TOKEN_FORMAT = /^[A-Za-z0-9._~-]{16,256}$/;

/** A fresh random token: 32 bytes, base64url. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether `token` may be used as a token: 16–256 URL- and cookie-safe characters. */
export function isUsableToken(token: string): boolean {
  return TOKEN_FORMAT.test(token);
}

/** Constant-time comparison (both sides hashed first, so their lengths never leak). */
export function tokensEqual(candidate: string, token: string): boolean {
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer T` header, if that is what it holds. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  return match?.[1];
}

/** Every value of cookie `name` in a Cookie header (a browser may send several). */
export function cookieValues(cookieHeader: string | undefined, name: string): string[] {
  if (cookieHeader === undefined) return [];
  const values: string[] = [];
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    values.push(
      part
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1'),
    );
  }
  return values;
}

/**
 * The Set-Cookie value that hands the token to a browser: named for the port, HttpOnly,
 * SameSite=Strict, Path=/, and a session cookie (gone when the browser closes).
 */
export function sessionCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** How a request proved it has the token. */
export type Credential = 'bearer' | 'cookie';

/** Which credential in `headers` carries the right token, or null when none does. */
export function credentialOf(
  headers: IncomingHttpHeaders,
  token: string,
  port: number,
): Credential | null {
  const bearer = bearerToken(headers.authorization);
  if (bearer !== undefined && tokensEqual(bearer, token)) return 'bearer';
  const cookies = cookieValues(headers.cookie, tokenCookieName(port));
  // Check every value without stopping early, so timing says nothing about which one matched.
  const matches = cookies.map((c) => tokensEqual(c, token));
  return matches.includes(true) ? 'cookie' : null;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
const wildcard = new BlockList();
wildcard.addAddress('0.0.0.0', 'ipv4');
wildcard.addAddress('::', 'ipv6');

function family(address: string): 'ipv4' | 'ipv6' | null {
  const f = isIP(address);
  return f === 4 ? 'ipv4' : f === 6 ? 'ipv6' : null;
}

/** Whether `address` ('localhost' or an IP literal) is on the loopback network. */
export function isLoopbackAddress(address: string): boolean {
  if (address.toLowerCase() === 'localhost') return true;
  const f = family(address);
  return f !== null && loopback.check(address, f);
}

/** Whether `address` is 0.0.0.0 or ::, i.e. every interface. */
export function isWildcardAddress(address: string): boolean {
  const f = family(address);
  return f !== null && wildcard.check(address, f);
}

/** Which Host headers a server bound to an address accepts. */
export interface HostPolicy {
  readonly kind: 'loopback' | 'exact' | 'wildcard';
  /** The bind address, lower-case, without brackets. */
  readonly address: string;
  readonly port: number;
}

/** The Host policy for a server bound to `bindAddress` (an IP literal or 'localhost'). */
export function hostPolicy(bindAddress: string, port: number): HostPolicy {
  const address = bindAddress.toLowerCase();
  if (isLoopbackAddress(address)) return { kind: 'loopback', address, port };
  if (isWildcardAddress(address)) return { kind: 'wildcard', address, port };
  return { kind: 'exact', address, port };
}

/** `address` as it appears in a URL or Host header: IPv6 in brackets. */
export function urlHost(address: string): string {
  return isIPv6(address) ? `[${address}]` : address;
}

/** Splits "name:port" / "[v6]:port" / "name"; null when it is not a well-formed Host. */
export function splitHost(host: string): { hostname: string; port: number | null } | null {
  let hostname: string;
  let rest: string;
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end < 0) return null;
    hostname = host.slice(1, end);
    if (!isIPv6(hostname)) return null;
    rest = host.slice(end + 1);
  } else {
    const colon = host.indexOf(':');
    hostname = colon < 0 ? host : host.slice(0, colon);
    rest = colon < 0 ? '' : host.slice(colon);
    if (hostname === '' || hostname.includes(':')) return null;
  }
  if (rest === '') return { hostname: hostname.toLowerCase(), port: null };
  if (!/^:[0-9]{1,5}$/.test(rest)) return null;
  return { hostname: hostname.toLowerCase(), port: Number(rest.slice(1)) };
}

/**
 * Whether a Host header names this server. Loopback binds accept 127.0.0.1, localhost, [::1]
 * and the bind address; others only the exact bind address; wildcard binds any IP literal
 * (a DNS-rebinding attack always carries the attacker's host name, never an IP literal).
 */
export function isAllowedHost(host: string | undefined, policy: HostPolicy): boolean {
  if (host === undefined) return false;
  const parts = splitHost(host);
  if (parts === null) return false;
  const portOk = parts.port === policy.port || (parts.port === null && policy.port === 80);
  if (!portOk) return false;
  const name = parts.hostname;
  switch (policy.kind) {
    case 'loopback':
      return ['127.0.0.1', 'localhost', '::1', policy.address].includes(name);
    case 'exact':
      return name === policy.address;
    case 'wildcard':
      return name === 'localhost' || isIP(name) !== 0;
  }
}

/** Whether an Origin header is this server's own origin, as reached through `host`. */
export function isOwnOrigin(origin: string, host: string): boolean {
  return origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

/** What a request wants, for {@link checkAccess}. */
export interface AccessNeeds {
  /** Needs the token (every /api route but health, and the WebSocket). */
  readonly token: boolean;
  /** Changes state or opens a socket (POST, WebSocket upgrade): Origin rules apply. */
  readonly mutating: boolean;
}

/** The outcome of {@link checkAccess}: the validated Host, or why the request is refused. */
export type Access =
  | { readonly ok: true; readonly host: string; readonly credential: Credential | null }
  | { readonly ok: false; readonly failure: HttpFailure };

/** The message of every 401: how to get the token. */
export const UNAUTHORIZED_MESSAGE =
  'missing or wrong token: open the URL that `subflow serve` printed (it ends in ?token=…), ' +
  'or send the token in an "Authorization: Bearer TOKEN" header';

/**
 * Checks Host (403), Origin when present on anything but public pages (403), the token (401),
 * and that a mutating request without Origin carries the token in an Authorization header, not
 * only in a cookie.
 */
export function checkAccess(
  headers: IncomingHttpHeaders,
  policy: HostPolicy,
  token: string,
  needs: AccessNeeds,
): Access {
  const host = headers.host;
  if (host === undefined || !isAllowedHost(host, policy)) {
    const shown = host === undefined ? 'no Host header' : `Host "${host.slice(0, 100)}"`;
    return refuse(403, `${shown} is not this server's address; open the URL it printed`);
  }
  // Browsers send Origin on cross-origin fetches and every WebSocket: if it is there, it must
  // be ours for anything but public pages (reads too, though CORS already hides their answers).
  const origin = headers.origin;
  const originMatters = needs.token || needs.mutating;
  if (originMatters && origin !== undefined && !isOwnOrigin(origin, host)) {
    return refuse(403, `requests from another origin (${origin.slice(0, 100)}) are refused`);
  }
  const credential = needs.token ? credentialOf(headers, token, policy.port) : null;
  if (needs.token && credential === null) {
    return { ok: false, failure: failure(401, 'unauthorized', UNAUTHORIZED_MESSAGE) };
  }
  if (needs.token && needs.mutating && origin === undefined && credential !== 'bearer') {
    return refuse(
      403,
      'a request without an Origin header must carry the token in an "Authorization: Bearer" header',
    );
  }
  return { ok: true, host, credential };
}

function refuse(status: number, message: string): Access {
  return { ok: false, failure: failure(status, 'unauthorized', message) };
}
