// The app:// page: which files the window may load, with which headers, and the CSP.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APP_CSP,
  APP_ENTRY,
  isAppUrl,
  rendererRoot,
  resolveAppFile,
  serveAppRequest,
} from '../../../electron/shell/app-page.js';

const root = mkdtempSync(join(tmpdir(), 'subflow-page-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Subflow</title>');
writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
writeFileSync(join(root, '..', 'secret.html'), 'no');
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(join(root, '..', 'secret.html'), { force: true });
});

describe('the CSP', () => {
  it('allows only the app itself and no network', () => {
    const directives = new Map(
      APP_CSP.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives.get('default-src')).toBe("'none'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'none'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(APP_CSP).not.toMatch(/unsafe-eval|\*|http:|https:/);
  });
});

describe('resolveAppFile', () => {
  it('maps app://subflow/ paths into the renderer with CSP and type headers', () => {
    const page = resolveAppFile(APP_ENTRY, root);
    expect(page).toMatchObject({ ok: true, path: join(root, 'index.html') });
    if (page.ok) {
      expect(page.headers['Content-Security-Policy']).toBe(APP_CSP);
      expect(page.headers['Content-Type']).toBe('text/html; charset=utf-8');
      expect(page.headers['X-Content-Type-Options']).toBe('nosniff');
    }
    expect(resolveAppFile('app://subflow/', root)).toMatchObject({
      path: join(root, 'index.html'),
    });
    expect(resolveAppFile('app://subflow/assets/index.js?v=1#x', root)).toMatchObject({
      ok: true,
      headers: { 'Content-Type': 'text/javascript; charset=utf-8' },
    });
  });

  it('refuses other hosts, escapes from the root and unknown types', () => {
    expect(resolveAppFile('app://evil/index.html', root)).toEqual({ ok: false, status: 404 });
    expect(resolveAppFile('file:///etc/passwd', root)).toEqual({ ok: false, status: 404 });
    expect(resolveAppFile('app://subflow/..%2fsecret.html', root)).toEqual({
      ok: false,
      status: 404,
    });
    // The URL parser already folds an encoded dot-dot segment: it cannot climb out either.
    expect(resolveAppFile('app://subflow/%2e%2e/secret.html', root)).toMatchObject({
      path: join(root, 'secret.html'),
    });
    expect(resolveAppFile('app://subflow/assets%00.js', root)).toEqual({ ok: false, status: 400 });
    expect(resolveAppFile('app://subflow/%E0%A4%A', root)).toEqual({ ok: false, status: 400 });
    expect(resolveAppFile('app://subflow/run.sh', root)).toEqual({ ok: false, status: 404 });
    expect(resolveAppFile('::', root)).toEqual({ ok: false, status: 400 });
  });
});

describe('serveAppRequest', () => {
  it('answers the file with its headers, or 404', async () => {
    const ok = await serveAppRequest(APP_ENTRY, root);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(await ok.text()).toContain('<title>Subflow</title>');
    expect((await serveAppRequest('app://subflow/missing.js', root)).status).toBe(404);
    expect((await serveAppRequest('app://subflow/../secret.html', root)).status).toBe(404);
    expect((await serveAppRequest('app://subflow/..%2fsecret.html', root)).status).toBe(404);
  });
});

describe('isAppUrl', () => {
  it('accepts only frames on the app origin', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(isAppUrl('app://subflow/index.html#/setup')).toBe(true);
    expect(isAppUrl('app://subflow.evil/index.html')).toBe(false);
    expect(isAppUrl('https://subflow/')).toBe(false);
    expect(isAppUrl('file:///work/dist/renderer/index.html')).toBe(false);
    expect(isAppUrl('')).toBe(false);
    expect(isAppUrl(null)).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('finds the renderer in the app directory', () => {
    expect(rendererRoot('/opt/Subflow/resources/app.asar')).toBe(
      '/opt/Subflow/resources/app.asar/dist/renderer',
    );
  });
});
