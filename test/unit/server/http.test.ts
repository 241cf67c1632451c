import { describe, expect, it } from 'vitest';
import { rawRequest, resultOf, SNAPSHOT } from './fake-host.js';
import { serverPerTest } from './test-server.js';

const TOKEN = 'http-test-token-0123456789';
const t = serverPerTest(TOKEN);
const { post } = t;
const bearer = { authorization: `Bearer ${TOKEN}` };

describe('REST routes', () => {
  it('answers the snapshot', async () => {
    const res = await fetch(`${t.base}/api/snapshot`, { headers: bearer });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.json()).toEqual({ ok: true, value: SNAPSHOT });
    expect(t.host.callsOf('snapshot:get')).toEqual([{}]);
  });

  it('lists events since a time', async () => {
    const res = await fetch(`${t.base}/api/events?since=1700000000000`, { headers: bearer });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; value: unknown[] };
    expect(body.ok).toBe(true);
    expect(body.value).toHaveLength(1);
    await fetch(`${t.base}/api/events`, { headers: bearer });
    expect(t.host.callsOf('events:list')).toEqual([{ since: 1_700_000_000_000 }, {}]);
    for (const bad of ['abc', '-1', '', '1e3']) {
      const refused = await fetch(`${t.base}/api/events?since=${bad}`, { headers: bearer });
      expect(refused.status).toBe(400);
    }
    expect(t.host.callsOf('events:list')).toHaveLength(2);
  });

  it('switches multipath', async () => {
    const res = await fetch(`${t.base}/api/multipath`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ interface: 'eth0', mode: 'backup' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      value: { interface: 'eth0', mode: 'backup', endpoints: [], notes: [] },
    });
    expect(t.host.callsOf('multipath:set')).toEqual([{ interface: 'eth0', mode: 'backup' }]);
    expect(t.host.origins).toEqual(['api']); // REST: an action through the API
  });

  it('configures the monitor', async () => {
    const ok = await post('/api/monitor', JSON.stringify({ intervalMs: 500 }));
    expect(ok.status).toBe(200);
    expect(resultOf(ok)).toEqual({ ok: true, value: { intervalMs: 500, paused: false } });
    const bad = await post('/api/monitor', JSON.stringify({ intervalMs: 50 }));
    expect(bad.status).toBe(400);
    expect(t.host.callsOf('monitor:configure')).toHaveLength(1);
  });

  it('sets limits through the host, refusing values the kernel would not take', async () => {
    const ok = await post('/api/limits', JSON.stringify({ subflows: 4 }));
    expect(ok.status).toBe(200);
    const bad = await post('/api/limits', JSON.stringify({ subflows: 99 }));
    expect(bad.status).toBe(400);
    expect(t.host.callsOf('limits:set')).toEqual([{ subflows: 4 }]);
  });

  it('answers health without a token, and nothing more', async () => {
    const res = await fetch(`${t.base}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"ok":true}');
    expect(t.host.calls).toEqual([]);
  });

  it('answers 404 for unknown routes, 405 for wrong methods, 426 for the stream', async () => {
    const missing = await rawRequest({ port: t.server.port, path: '/api/nope', headers: bearer });
    expect(missing.status).toBe(404);
    expect(resultOf(missing)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const wrong = await rawRequest({
      port: t.server.port,
      path: '/api/multipath',
      headers: bearer,
    });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    const deleted = await rawRequest({
      port: t.server.port,
      path: '/api/snapshot',
      method: 'DELETE',
      headers: bearer,
    });
    expect(deleted.status).toBe(405);
    const stream = await rawRequest({ port: t.server.port, path: '/api/stream', headers: bearer });
    expect(stream.status).toBe(426);
  });

  it.each([
    ['permission', 403],
    ['not-found', 404],
    ['mptcp-unavailable', 503],
    ['netns', 503],
    ['kernel', 502],
    ['internal', 500],
  ] as const)('answers a Host error %s with %i', async (code, status) => {
    t.host.responders['multipath:set'] = () => ({ ok: false, error: { code, message: 'no' } });
    const res = await post('/api/multipath', JSON.stringify({ interface: 'eth0', mode: 'on' }));
    expect(res.status).toBe(status);
    expect(resultOf(res)).toEqual({ ok: false, error: { code, message: 'no' } });
  });

  it('answers 500 when the Host throws', async () => {
    t.host.throwOnInvoke = new Error('boom');
    const res = await fetch(`${t.base}/api/snapshot`, { headers: bearer });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('authentication', () => {
  it('refuses a missing or wrong token with 401 and says what to do', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-000000000' },
      { cookie: `subflow_token_${t.server.port}=nope` },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${t.base}/api/snapshot`, { headers });
      expect(res.status).toBe(401);
      const body = (await res.json()) as { ok: false; error: { code: string; message: string } };
      expect(body.error.code).toBe('unauthorized');
      expect(body.error.message).toContain('subflow serve');
    }
    expect((await fetch(`${t.base}/api/nope`)).status).toBe(401);
    expect(t.host.calls).toEqual([]);
  });

  it('hands the token to a browser as a cookie, then redirects without it', async () => {
    const page = await fetch(`${t.base}/?token=${TOKEN}&view=x`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/?view=x');
    const setCookie = page.headers.get('set-cookie') ?? '';
    expect(setCookie).toContain(`subflow_token_${t.server.port}=${TOKEN}`);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    const cookie = setCookie.split(';')[0]!;
    const res = await fetch(`${t.base}/api/snapshot`, { headers: { cookie } });
    expect(res.status).toBe(200);
    // The browser's POST carries its Origin: accepted with the cookie alone.
    const ok = await post('/api/multipath', '{"interface":"eth0","mode":"on"}', {
      authorization: '',
      cookie,
      origin: t.base,
    });
    expect(ok.status).toBe(200);
  });

  it('refuses a wrong ?token= and never redirects off-site', async () => {
    const wrong = await fetch(`${t.base}/?token=wrong-token-000000000`, { redirect: 'manual' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const sneaky = await rawRequest({
      port: t.server.port,
      path: `//evil.example/?token=${TOKEN}`,
    });
    expect(sneaky.status).toBe(303);
    expect(sneaky.headers.location).toBe('/evil.example/');
  });

  it('refuses a foreign Host header (DNS rebinding) with 403', async () => {
    for (const path of ['/api/snapshot', '/api/health', '/']) {
      const res = await rawRequest({
        port: t.server.port,
        path,
        headers: { ...bearer, host: `evil.example:${t.server.port}` },
      });
      expect(res.status).toBe(403);
    }
    const wrongPort = await rawRequest({
      port: t.server.port,
      path: '/api/snapshot',
      headers: { ...bearer, host: '127.0.0.1:1' },
    });
    expect(wrongPort.status).toBe(403);
    for (const name of ['localhost', '[::1]', '127.0.0.1']) {
      const res = await rawRequest({
        port: t.server.port,
        path: '/api/snapshot',
        headers: { ...bearer, host: `${name}:${t.server.port}` },
      });
      expect(res.status).toBe(200);
    }
  });

  it('refuses POSTs from a foreign Origin, even with the token', async () => {
    for (const origin of ['http://evil.example', `http://localhost:${t.server.port + 1}`, 'null']) {
      const res = await post('/api/multipath', '{"interface":"eth0","mode":"on"}', { origin });
      expect(res.status).toBe(403);
    }
    expect(t.host.callsOf('multipath:set')).toEqual([]);
  });

  it('refuses API reads from a foreign Origin; pages do not care', async () => {
    const read = await rawRequest({
      port: t.server.port,
      path: '/api/snapshot',
      headers: { ...bearer, origin: 'http://evil.example' },
    });
    expect(read.status).toBe(403);
    const own = await rawRequest({
      port: t.server.port,
      path: '/api/snapshot',
      headers: { ...bearer, origin: t.base },
    });
    expect(own.status).toBe(200);
    const page = await rawRequest({
      port: t.server.port,
      path: '/',
      headers: { origin: 'http://evil.example' },
    });
    expect(page.status).toBe(200);
  });

  it('refuses a cookie-only POST without Origin', async () => {
    const res = await post('/api/multipath', '{"interface":"eth0","mode":"on"}', {
      authorization: '',
      cookie: `subflow_token_${t.server.port}=${TOKEN}`,
    });
    expect(res.status).toBe(403);
    expect(resultOf(res)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Authorization') as unknown },
    });
    expect(t.host.callsOf('multipath:set')).toEqual([]);
  });
});
