// The window's web content may not navigate, open windows, attach webviews or get permissions.
import { describe, expect, it } from 'vitest';
import { denyPermissions, lockNavigation } from '../../../electron/shell/web-policy.js';

describe('denyPermissions', () => {
  it('refuses every permission request and check', () => {
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | null = null;
    let check: (() => boolean) | null = null;
    const logged: string[] = [];
    denyPermissions(
      {
        setPermissionRequestHandler: (h) => {
          request = h as typeof request;
        },
        setPermissionCheckHandler: (h) => {
          check = h as typeof check;
        },
      },
      (l) => logged.push(l),
    );
    const answers: boolean[] = [];
    for (const p of ['media', 'notifications', 'clipboard-read', 'geolocation']) {
      request!({}, p, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false]);
    expect(check!()).toBe(false);
    expect(logged[0]).toContain('"media"');
  });
});

describe('lockNavigation', () => {
  it('prevents navigation, redirects and webviews, and denies new windows', () => {
    const listeners = new Map<string, (e: { preventDefault(): void }, url?: unknown) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | null = null;
    lockNavigation({
      on: (event, listener) => listeners.set(event, listener),
      setWindowOpenHandler: (h) => {
        openHandler = h;
      },
    });
    expect([...listeners.keys()].sort()).toEqual([
      'will-attach-webview',
      'will-navigate',
      'will-redirect',
    ]);
    for (const listener of listeners.values()) {
      let prevented = false;
      listener({ preventDefault: () => (prevented = true) }, 'https://evil.example/');
      expect(prevented).toBe(true);
    }
    expect(openHandler!({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
  });
});
