import { describe, expect, it } from 'vitest';
import type { ApiErrorCode } from '../../../electron/contract.js';
import {
  bearerToken,
  checkAccess,
  cookieValues,
  credentialOf,
  generateToken,
  hostPolicy,
  isAllowedHost,
  isLoopbackAddress,
  isOwnOrigin,
  isUsableToken,
  sessionCookie,
  splitHost,
  tokensEqual,
} from '../../../electron/http/auth.js';
import { parseTarget, statusForError } from '../../../electron/http/http-io.js';
import { contentTypeFor, resolveUnder } from '../../../electron/server/static-files.js';

const TOKEN = 'test-token-0123456789abcdef';

describe('tokens', () => {
  it('generates 32 random bytes as base64url', () => {
    const a = generateToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(a);
    expect(isUsableToken(a)).toBe(true);
    expect(isUsableToken('short')).toBe(false);
    expect(isUsableToken('has;semicolon-in-it-0123')).toBe(false);
  });

  it('compares in constant time, any lengths', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
  });

  it('reads Bearer headers and cookies', () => {
    expect(bearerToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`bearer  ${TOKEN} `)).toBe(TOKEN);
    expect(bearerToken(`Basic ${TOKEN}`)).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(cookieValues(`a=1; subflow_token=x; subflow_token="y"`, 'subflow_token')).toEqual([
      'x',
      'y',
    ]);
    expect(
      credentialOf(
        { cookie: `other=1; subflow_token_7070=wrong; subflow_token_7070=${TOKEN}` },
        TOKEN,
        7070,
      ),
    ).toBe('cookie');
    expect(credentialOf({ authorization: `Bearer ${TOKEN}` }, TOKEN, 7070)).toBe('bearer');
    expect(
      credentialOf(
        { authorization: 'Bearer nope', cookie: 'subflow_token_7070=nope' },
        TOKEN,
        7070,
      ),
    ).toBeNull();
  });

  it("reads only its own port's cookie: another server's (or the old unnamed one) is no credential", () => {
    expect(credentialOf({ cookie: `subflow_token_7071=${TOKEN}` }, TOKEN, 7070)).toBeNull();
    expect(credentialOf({ cookie: `subflow_token=${TOKEN}` }, TOKEN, 7070)).toBeNull();
  });

  it('hands the token over in an HttpOnly SameSite=Strict cookie named for its port', () => {
    expect(sessionCookie(TOKEN, 7070)).toBe(
      `subflow_token_7070=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`,
    );
  });
});

describe('Host and Origin checks', () => {
  it('accepts only loopback names on a loopback bind', () => {
    const policy = hostPolicy('127.0.0.1', 7070);
    for (const ok of ['127.0.0.1:7070', 'localhost:7070', 'LOCALHOST:7070', '[::1]:7070']) {
      expect(isAllowedHost(ok, policy)).toBe(true);
    }
    for (const bad of [
      'evil.example:7070',
      '127.0.0.1:7071',
      '127.0.0.1',
      'localhost.:7070',
      '127.0.0.1.nip.io:7070',
      '::1:7070',
      '[::1]7070',
      '',
      '127.0.0.1:7070/x',
      undefined,
    ]) {
      expect(isAllowedHost(bad, policy)).toBe(false);
    }
    expect(isAllowedHost('localhost', hostPolicy('127.0.0.1', 80))).toBe(true);
  });

  it('accepts only the exact address on other binds, and IP literals on a wildcard bind', () => {
    const exact = hostPolicy('192.0.2.10', 7070);
    expect(exact.kind).toBe('exact');
    expect(isAllowedHost('192.0.2.10:7070', exact)).toBe(true);
    expect(isAllowedHost('localhost:7070', exact)).toBe(false);
    expect(isAllowedHost('router.example:7070', exact)).toBe(false);
    const v6 = hostPolicy('2001:DB8::1', 7070);
    expect(isAllowedHost('[2001:db8::1]:7070', v6)).toBe(true);
    const any = hostPolicy('0.0.0.0', 7070);
    expect(any.kind).toBe('wildcard');
    expect(isAllowedHost('203.0.113.7:7070', any)).toBe(true);
    expect(isAllowedHost('[2001:db8::2]:7070', any)).toBe(true);
    expect(isAllowedHost('attacker.example:7070', any)).toBe(false);
  });

  it('splits Host headers strictly', () => {
    expect(splitHost('[::1]:80')).toEqual({ hostname: '::1', port: 80 });
    expect(splitHost('a:b')).toBeNull();
    expect(splitHost('[nothex]:80')).toBeNull();
    expect(splitHost(':80')).toBeNull();
  });

  it('knows its own origin', () => {
    expect(isOwnOrigin('http://127.0.0.1:7070', '127.0.0.1:7070')).toBe(true);
    expect(isOwnOrigin('https://127.0.0.1:7070', '127.0.0.1:7070')).toBe(false);
    expect(isOwnOrigin('http://localhost:7070', '127.0.0.1:7070')).toBe(false);
    expect(isOwnOrigin('null', '127.0.0.1:7070')).toBe(false);
  });

  it('tells loopback addresses apart', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', 'localhost'])
      expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['0.0.0.0', '::', '192.0.2.1', 'example.com'])
      expect(isLoopbackAddress(a)).toBe(false);
  });

  it('orders the checks: Host, Origin, token, then bearer-only without Origin', () => {
    const policy = hostPolicy('127.0.0.1', 7070);
    const own = { host: '127.0.0.1:7070' };
    const cookie = { cookie: `subflow_token_7070=${TOKEN}` };
    const bearer = { authorization: `Bearer ${TOKEN}` };
    const read = { token: true, mutating: false };
    const write = { token: true, mutating: true };
    const status = (headers: Record<string, string>, needs: typeof read) => {
      const access = checkAccess(headers, policy, TOKEN, needs);
      return access.ok ? 200 : access.failure.status;
    };
    expect(status({ ...bearer, host: 'evil.example:7070' }, read)).toBe(403);
    expect(status({ ...own }, read)).toBe(401);
    expect(status({ ...own }, { token: false, mutating: false })).toBe(200);
    expect(status({ ...own, ...cookie }, read)).toBe(200);
    expect(status({ ...own, ...cookie, origin: 'http://evil.example' }, write)).toBe(403);
    expect(status({ ...own, ...cookie, origin: 'http://127.0.0.1:7070' }, write)).toBe(200);
    expect(status({ ...own, ...cookie }, write)).toBe(403);
    expect(status({ ...own, ...bearer }, write)).toBe(200);
    // Reads from another origin are refused too; public pages do not look at Origin.
    expect(status({ ...own, ...cookie, origin: 'http://evil.example' }, read)).toBe(403);
    expect(
      status({ ...own, origin: 'http://evil.example' }, { token: false, mutating: false }),
    ).toBe(200);
  });
});

describe('HTTP helpers', () => {
  it('maps every ApiError code to a status', () => {
    const expected: Record<ApiErrorCode, number> = {
      'bad-request': 400,
      unauthorized: 401,
      permission: 403,
      'not-found': 404,
      'mptcp-unavailable': 503,
      netns: 503,
      unavailable: 503,
      kernel: 502,
      internal: 500,
    };
    for (const [code, status] of Object.entries(expected)) {
      expect(statusForError(code as ApiErrorCode)).toBe(status);
    }
  });

  it('parses only origin-form request targets, never as a host', () => {
    expect(parseTarget('/a/../b?x=1')?.pathname).toBe('/b');
    expect(parseTarget('//evil.example/x')?.pathname).toBe('//evil.example/x');
    expect(parseTarget('http://evil.example/')).toBeNull();
    expect(parseTarget('*')).toBeNull();
    expect(parseTarget(undefined)).toBeNull();
  });

  it('resolves static paths only inside the root', () => {
    expect(resolveUnder('/srv/www', '/app.js')).toBe('/srv/www/app.js');
    expect(resolveUnder('/srv/www', '/..%2fsecret')).toBeNull();
    expect(resolveUnder('/srv/www', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd')).toBeNull();
    expect(resolveUnder('/srv/www', '/a%00.js')).toBeNull();
    expect(resolveUnder('/srv/www', '/%E0%A4%A')).toBeNull();
    expect(resolveUnder('/srv/www', '/../www-other/x')).toBeNull();
    expect(contentTypeFor('/x/app.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/unknown.bin')).toBe('application/octet-stream');
  });
});
