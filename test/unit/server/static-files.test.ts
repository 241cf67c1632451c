import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../electron/server/server.js';
import { startServer } from '../../../electron/server/server.js';
import { FakeHost, rawRequest } from './fake-host.js';
import { QUIET_LOGGER } from './test-server.js';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-ROOT';
let dir: string;
let www: string;
let server: RunningServer | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'subflow-static-'));
  www = join(dir, 'www');
  mkdirSync(join(www, 'assets'), { recursive: true });
  writeFileSync(join(www, 'index.html'), '<!doctype html><title>Subflow UI</title>');
  writeFileSync(join(www, 'assets', 'app.js'), 'console.log(1);');
  writeFileSync(join(www, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(www, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  writeFileSync(join(dir, 'package.json'), SECRET);
  symlinkSync(join(dir, 'secret.txt'), join(www, 'link.txt'));
  mkdirSync(join(dir, 'empty'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(staticDir: string | undefined): Promise<number> {
  server = await startServer({
    host: new FakeHost(),
    port: 0,
    token: 'static-test-token-0123456789',
    logger: QUIET_LOGGER,
    ...(staticDir === undefined ? {} : { staticDir }),
  });
  return server.port;
}

describe('static files', () => {
  it('serves index.html for / with a strict CSP and the right types', async () => {
    const port = await serve(www);
    const index = await rawRequest({ port, path: '/' });
    expect(index.status).toBe(200);
    expect(index.body).toContain('Subflow UI');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(
      `default-src 'self'; connect-src 'self' ws://127.0.0.1:${port}; img-src 'self' data:; ` +
        "style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    const viaLocalhost = await rawRequest({
      port,
      path: '/',
      headers: { host: `localhost:${port}` },
    });
    expect(viaLocalhost.headers['content-security-policy']).toContain(`ws://localhost:${port}`);

    const types: [string, string][] = [
      ['/assets/app.js', 'text/javascript; charset=utf-8'],
      ['/assets/app.css', 'text/css; charset=utf-8'],
      ['/assets/logo.svg', 'image/svg+xml'],
      ['/index.html', 'text/html; charset=utf-8'],
    ];
    for (const [path, type] of types) {
      const res = await rawRequest({ port, path });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(type);
    }
    const head = await rawRequest({ port, path: '/assets/app.js', method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await rawRequest({ port, path: '/assets/missing.js' })).status).toBe(404);
    expect((await rawRequest({ port, path: '/', method: 'POST' })).status).toBe(405);
  });

  it.each([
    '/../package.json',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/package.json',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/%252e%252e/secret.txt',
    '/secret.txt%00.js',
    '/link.txt',
    '/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  ])('refuses path traversal: %s', async (path) => {
    const port = await serve(www);
    const res = await rawRequest({ port, path });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toContain('root:');
  });

  it('says how to build the renderer when there is none', async () => {
    for (const staticDir of [undefined, join(dir, 'empty'), join(dir, 'does-not-exist')]) {
      const port = await serve(staticDir);
      const res = await rawRequest({ port, path: '/' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('/api/snapshot');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect((await rawRequest({ port, path: '/assets/app.js' })).status).toBe(404);
      await server?.close();
      server = undefined;
    }
  });
});
