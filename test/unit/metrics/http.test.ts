// /metrics over HTTP: on the main port behind its own bearer token, and on a listener of its own
// (plain, loopback unless allowed). Real sockets on 127.0.0.1, a fake Host behind the server.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsCollector } from '../../../electron/metrics/collector.js';
import {
  MetricsListenError,
  startMetricsListener,
} from '../../../electron/metrics/metrics-listener.js';
import type { MetricsListener } from '../../../electron/metrics/metrics-listener.js';
import type { RunningServer } from '../../../electron/server/server.js';
import { startServer } from '../../../electron/server/server.js';
import { FakeHost, rawRequest } from '../server/fake-host.js';
import { QUIET_LOGGER } from '../server/test-server.js';
import { parseExposition, valueOf } from './exposition-text.js';
import { extras, tick } from './ticks.js';

const ACCESS_TOKEN = 'the-access-token-0123456789';
const METRICS_TOKEN = 'the-metrics-token-0123456789';
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function collector(): MetricsCollector {
  const c = new MetricsCollector();
  c.observeTick(tick(), extras());
  return c;
}

async function mainServer(withMetrics = true): Promise<RunningServer> {
  const c = collector();
  const server = await startServer({
    host: new FakeHost(),
    port: 0,
    token: ACCESS_TOKEN,
    logger: QUIET_LOGGER,
    ...(withMetrics ? { metrics: { token: METRICS_TOKEN, render: () => c.exposition() } } : {}),
  });
  closers.push(() => server.close());
  return server;
}

async function listener(token: string | null, port = 0): Promise<MetricsListener> {
  const c = collector();
  const l = await startMetricsListener({
    address: '127.0.0.1',
    port,
    allowRemote: false,
    endpoint: { token, render: () => c.exposition() },
    logger: QUIET_LOGGER,
  });
  closers.push(() => l.close());
  return l;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('/metrics on the main port', () => {
  it('serves the exposition to the metrics token as a bearer', async () => {
    const server = await mainServer();
    expect(server.metricsUrl).toBe(`http://127.0.0.1:${server.port}/metrics`);
    const res = await rawRequest({
      port: server.port,
      path: '/metrics',
      headers: bearer(METRICS_TOKEN),
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    const text = parseExposition(res.body);
    expect(valueOf(text, 'subflow_interface_transmit_bytes_total', { interface: 'blue-c' })).toBe(
      7000,
    );
  });

  it.each([
    ['no token', {}],
    ['a wrong token', bearer('not-the-metrics-token-at-all')],
    ['the access token', bearer(ACCESS_TOKEN)],
    ['the metrics token in a cookie', { cookie: `subflow_token=${METRICS_TOKEN}` }],
  ])('answers 401 to %s, saying how to send the token', async (_what, headers) => {
    const server = await mainServer();
    const res = await rawRequest({ port: server.port, path: '/metrics', headers });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="subflow metrics"');
    expect(res.body).toContain('Authorization: Bearer TOKEN');
    expect(res.body).not.toContain('subflow_');
  });

  it('refuses a foreign Host (403), other methods (405) and answers HEAD without a body', async () => {
    const server = await mainServer();
    const port = server.port;
    const foreign = await rawRequest({
      port,
      path: '/metrics',
      headers: { ...bearer(METRICS_TOKEN), host: `rebound.example:${port}` },
    });
    expect(foreign.status).toBe(403);
    const post = await rawRequest({
      port,
      path: '/metrics',
      method: 'POST',
      body: '{}',
      headers: bearer(METRICS_TOKEN),
    });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await rawRequest({
      port,
      path: '/metrics',
      method: 'HEAD',
      headers: bearer(METRICS_TOKEN),
    });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('is not served without the metrics option, and the API is unchanged with it', async () => {
    const plain = await mainServer(false);
    expect(plain.metricsUrl).toBeUndefined();
    const res = await rawRequest({
      port: plain.port,
      path: '/metrics',
      headers: bearer(METRICS_TOKEN),
    });
    expect(res.status).toBe(404);
    const server = await mainServer();
    const health = await rawRequest({ port: server.port, path: '/api/health' });
    expect(health.status).toBe(200);
    const snapshot = await rawRequest({
      port: server.port,
      path: '/api/snapshot',
      headers: bearer(METRICS_TOKEN),
    });
    expect(snapshot.status).toBe(401); // the metrics token opens /metrics only
  });

  it('refuses to start with an unusable metrics token', async () => {
    await expect(
      startServer({
        host: new FakeHost(),
        port: 0,
        logger: QUIET_LOGGER,
        metrics: { token: 'short', render: () => collector().exposition() },
      }),
    ).rejects.toThrow(/metrics token must be 16–256/);
  });
});

describe('the metrics listener (--metrics-listen)', () => {
  it('serves /metrics without a token when none is given, and nothing else', async () => {
    const l = await listener(null);
    expect(l.url).toBe(`http://127.0.0.1:${l.port}/metrics`);
    const res = await rawRequest({ port: l.port, path: '/metrics' });
    expect(res.status).toBe(200);
    expect(valueOf(parseExposition(res.body), 'subflow_mptcp_limit_subflows')).toBe(8);
    const other = await rawRequest({ port: l.port, path: '/api/snapshot' });
    expect(other.status).toBe(404);
    expect(other.body).toContain('serves /metrics only');
  });

  it('wants the token when one is given: 401 without it or with a wrong one', async () => {
    const l = await listener(METRICS_TOKEN);
    expect((await rawRequest({ port: l.port, path: '/metrics' })).status).toBe(401);
    const wrong = await rawRequest({
      port: l.port,
      path: '/metrics',
      headers: bearer(ACCESS_TOKEN),
    });
    expect(wrong.status).toBe(401);
    const right = await rawRequest({
      port: l.port,
      path: '/metrics',
      headers: bearer(METRICS_TOKEN),
    });
    expect(right.status).toBe(200);
  });

  it('on loopback, answers only Host headers that are IP literals or localhost', async () => {
    const l = await listener(null);
    const at = (host: string) => rawRequest({ port: l.port, path: '/metrics', headers: { host } });
    expect((await at(`localhost:${l.port}`)).status).toBe(200);
    expect((await at(`[::1]:${l.port}`)).status).toBe(200);
    expect((await at(`rebound.example:${l.port}`)).status).toBe(403);
  });

  it.each(['0.0.0.0', '::', '192.0.2.10'])(
    'refuses to listen on non-loopback %s without --allow-remote',
    async (address) => {
      const start = startMetricsListener({
        address,
        port: 0,
        allowRemote: false,
        endpoint: { token: null, render: () => collector().exposition() },
        logger: QUIET_LOGGER,
      });
      await expect(start).rejects.toThrow(MetricsListenError);
      await expect(start).rejects.toThrow(/pass --allow-remote/);
    },
  );

  it('says the port is taken rather than picking another', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) => {
      blocker.listen({ host: '127.0.0.1', port: 0 }, () => {
        const a = blocker.address();
        resolve(typeof a === 'object' && a !== null ? a.port : 0);
      });
    });
    closers.push(
      () =>
        new Promise((resolve) => {
          blocker.close(() => {
            resolve();
          });
        }),
    );
    await expect(listener(null, port)).rejects.toThrow(/the port is taken; choose another/);
  });
});
