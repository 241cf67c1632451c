// What the window's web content may do: nothing beyond showing the app. Navigation away,
// redirects, new windows, <webview>s and every permission request (camera, notifications,
// clipboard, …) are refused; what was refused is logged so a broken link is explainable.
// Electron objects come in as parameters (types only), so this is tested with stand-ins.
import type { Session } from 'electron';

/** The session calls this module makes. */
export type PolicySession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler'
>;

/** The web-contents calls this module makes. */
export interface PolicyContents {
  on(event: string, listener: (event: { preventDefault(): void }, url?: unknown) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Denies every permission request and check of the session. */
export function denyPermissions(session: PolicySession, log?: (line: string) => void): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log?.(`refused the page's request for the "${permission}" permission`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}

/** Keeps the page where it is: no navigation, redirect, new window or webview. */
export function lockNavigation(contents: PolicyContents, log?: (line: string) => void): void {
  const refuse = (what: string) => (event: { preventDefault(): void }, url?: unknown) => {
    event.preventDefault();
    log?.(`refused ${what}${typeof url === 'string' ? ` to ${url.slice(0, 200)}` : ''}`);
  };
  contents.on('will-navigate', refuse('a navigation'));
  contents.on('will-redirect', refuse('a redirect'));
  contents.on('will-attach-webview', refuse('a <webview>'));
  contents.setWindowOpenHandler(({ url }) => {
    log?.(`refused to open a window for ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
}
