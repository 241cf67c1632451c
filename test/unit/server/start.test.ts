import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerLogger } from '../../../electron/http/logger.js';
import type { RunningServer } from '../../../electron/server/server.js';
import { PORT_FALLBACKS, startServer } from '../../../electron/server/server.js';
import { FakeHost, rawRequest } from './fake-host.js';

const running: RunningServer[] = [];
const blockers: Server[] = [];

afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
  for (const b of blockers.splice(0)) await new Promise((r) => b.close(r));
});

function collect(): { logger: ServerLogger; warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    logger: { info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined },
  };
}

function block(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => {
      resolve(false);
    });
    s.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      blockers.push(s);
      resolve(true);
    });
  });
}

/** A base port whose next `count` ports are free right now (high, random, not 7070). */
async function freeRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 40_000 + Math.floor(Math.random() * 20_000);
    const probes: Server[] = [];
    let ok = true;
    for (let p = base; p < base + count && ok; p++) {
      const s = createServer();
      ok = await new Promise<boolean>((resolve) => {
        s.once('error', () => {
          resolve(false);
        });
        s.listen({ host: '127.0.0.1', port: p, exclusive: true }, () => {
          resolve(true);
        });
      });
      if (ok) probes.push(s);
    }
    for (const s of probes) await new Promise((r) => s.close(r));
    if (ok) return base;
  }
  throw new Error('no free port range found');
}

describe('startServer', () => {
  it('starts on loopback with a random token and prints a URL carrying it', async () => {
    const server = await startServer({ host: new FakeHost(), port: 0, logger: collect().logger });
    running.push(server);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    const health = await fetch(`http://127.0.0.1:${server.port}/api/health`);
    expect(await health.json()).toEqual({ ok: true });
  });

  it('takes the next free port when the asked one is taken', async () => {
    const base = await freeRange(3);
    expect(await block(base)).toBe(true);
    const server = await startServer({
      host: new FakeHost(),
      port: base,
      logger: collect().logger,
    });
    running.push(server);
    expect(server.port).toBe(base + 1);
    expect(server.url).toContain(`:${base + 1}/`);
  });

  it('gives up after +20 ports, saying which flag to pass', async () => {
    const base = await freeRange(PORT_FALLBACKS + 1);
    for (let p = base; p <= base + PORT_FALLBACKS; p++) expect(await block(p)).toBe(true);
    await expect(
      startServer({ host: new FakeHost(), port: base, logger: collect().logger }),
    ).rejects.toThrow(
      `ports ${base}–${base + PORT_FALLBACKS} on 127.0.0.1 are all in use; pass --port N`,
    );
  });

  it('refuses a non-loopback bind unless allowed, naming --allow-remote', async () => {
    const host = new FakeHost();
    for (const bindAddress of ['0.0.0.0', '::', '192.0.2.1']) {
      await expect(startServer({ host, bindAddress, port: 0 })).rejects.toThrow('--allow-remote');
    }
    await expect(
      startServer({ host, bindAddress: 'example.com', port: 0, allowNonLoopback: true }),
    ).rejects.toThrow('give an IP address');
    expect(host.listeners.size).toBe(0);
  });

  it('binds a wildcard address when allowed, warns, and still checks Host', async () => {
    const { logger, warnings } = collect();
    const server = await startServer({
      host: new FakeHost(),
      bindAddress: '0.0.0.0',
      port: 0,
      allowNonLoopback: true,
      token: 'remote-test-token-0123456789',
      logger,
    });
    running.push(server);
    expect(warnings.join('\n')).toContain(
      'anyone who can reach this address and has the token can change multipath settings',
    );
    const auth = { authorization: 'Bearer remote-test-token-0123456789' };
    expect(
      (await rawRequest({ port: server.port, path: '/api/snapshot', headers: auth })).status,
    ).toBe(200);
    const rebound = await rawRequest({
      port: server.port,
      path: '/api/snapshot',
      headers: { ...auth, host: `attacker.example:${server.port}` },
    });
    expect(rebound.status).toBe(403);
  });

  it('refuses unusable tokens and ports', async () => {
    const host = new FakeHost();
    await expect(startServer({ host, port: 0, token: 'short' })).rejects.toThrow('token must be');
    await expect(
      startServer({ host, port: 0, token: 'has space in it 0123456789' }),
    ).rejects.toThrow('token must be');
    await expect(startServer({ host, port: 70_000 })).rejects.toThrow('port must be');
  });

  it('stops accepting connections after close()', async () => {
    const host = new FakeHost();
    const server = await startServer({ host, port: 0, logger: collect().logger });
    expect(host.listeners.size).toBe(1);
    await server.close();
    expect(host.listeners.size).toBe(0);
    await expect(fetch(`http://127.0.0.1:${server.port}/api/health`)).rejects.toThrow();
  });
});
