// The Electron main process, kept thin: refuses root unless told, serves the renderer over
// app:// with its CSP, opens one locked-down window, bridges IPC to the Host, and wires the menu,
// the remembered bounds and desktop notifications. Every decision lives in shell/ and is tested.
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification } from 'electron';
import { protocol, screen, session, shell } from 'electron';
import { APP_ENTRY, APP_SCHEME, APP_SCHEME_PRIVILEGES } from './shell/app-page.js';
import { rendererRoot, serveAppRequest } from './shell/app-page.js';
import { createDesktopHost } from './shell/desktop-host.js';
import { electronPdfPrinter } from './shell/electron-pdf.js';
import { desktopNotifier, electronMenuUi } from './shell/electron-ui.js';
import { bridgeIpc, forwardPushes, watchWindowVisibility } from './shell/ipc-bridge.js';
import { createMenuController } from './shell/menu-controller.js';
import { watchNotifications } from './shell/notification-policy.js';
import { rootDecision } from './shell/root-guard.js';
import { openSettingsStore, restoreBounds, settingsPath } from './shell/settings-store.js';
import { denyPermissions, lockNavigation } from './shell/web-policy.js';
import { keepBounds, preloadPath, windowOptions } from './shell/window-options.js';
import { createViewerTicks } from './http/viewer-ticks.js';

const log = (line: string) => process.stderr.write(`subflow: ${line}\n`);
const uid = process.geteuid?.() ?? -1;
const notify = desktopNotifier(Notification);

async function start(): Promise<void> {
  const appPath = app.getAppPath();
  const devTools = !app.isPackaged;
  const settings = await openSettingsStore(settingsPath(app.getPath('userData')), log);
  denyPermissions(session.defaultSession, log);
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request.url, rendererRoot(appPath)));
  const desktop = await createDesktopHost({
    ...{ appPath, packaged: app.isPackaged, env: process.env, uid, log },
    pdf: electronPdfPrinter(BrowserWindow),
    onLost: (message) => {
      log(message);
      notify('Subflow', message);
    },
  });

  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = restoreBounds(settings.current.windowBounds, displays);
  const win = new BrowserWindow(windowOptions(preloadPath(appPath), bounds, { devTools }));
  if (settings.current.windowBounds?.maximized) win.maximize();
  lockNavigation(win.webContents, log);
  keepBounds(win, (windowBounds) => {
    settings.update({ windowBounds });
  });

  // The window is one viewer: hidden or minimised (or its page hidden), it gets a slow tick.
  const viewer = createViewerTicks();
  const stops = [
    bridgeIpc(ipcMain, desktop.host, log, viewer),
    forwardPushes(desktop.host, win.webContents, viewer),
    watchWindowVisibility(win, viewer),
    watchNotifications(
      desktop.host,
      () => settings.current.notifications,
      (n) => {
        notify(n.title, n.body);
      },
    ),
  ];
  const ui = electronMenuUi(win, { Menu, dialog, shell }, (notifications) => {
    settings.update({ notifications });
  });
  const menu = createMenuController(desktop.host, ui, {
    notifications: settings.current.notifications,
    devTools,
  });
  await menu.start();
  app.setAboutPanelOptions({ applicationName: 'Subflow', applicationVersion: app.getVersion() });
  app.once('will-quit', (event) => {
    event.preventDefault();
    for (const stop of stops) stop();
    menu.stop();
    void desktop.close().finally(() => {
      app.exit(0);
    });
  });
  win.once('ready-to-show', () => {
    win.show();
  });
  log(`showing ${desktop.source}`);
  await win.loadURL(APP_ENTRY);
}

const decision = rootDecision({ uid, argv: process.argv, env: process.env });
if (decision.action === 'refuse') {
  process.stderr.write(`${decision.message}\n`);
  app.exit(1);
} else {
  if (decision.action === 'run-as-root') {
    process.stderr.write(`${decision.message}\n`);
    for (const name of decision.switches) app.commandLine.appendSwitch(name);
  }
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.on('window-all-closed', () => {
    app.quit();
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      log(message);
      dialog.showErrorBox('Subflow could not start', message);
      app.exit(1);
    });
}
