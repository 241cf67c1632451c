// The Electron calls behind the menu's actions and the desktop notifications, gathered here so
// main stays a list of wiring steps. Electron's modules come in as parameters (types only).
import type { BrowserWindow, Dialog, Menu, Notification, Shell } from 'electron';
import { APP_ENTRY } from './app-page.js';
import type { MenuUi } from './menu-controller.js';

/** The Electron modules the menu uses. */
export interface MenuParts {
  readonly Menu: Pick<typeof Menu, 'setApplicationMenu' | 'buildFromTemplate'>;
  readonly dialog: Pick<Dialog, 'showErrorBox'>;
  readonly shell: Pick<Shell, 'showItemInFolder'>;
}

/** The menu's window-side calls, done with Electron. */
export function electronMenuUi(
  window: Pick<BrowserWindow, 'loadURL'>,
  parts: MenuParts,
  setNotifications: (on: boolean) => void,
): MenuUi {
  return {
    setMenu: (template) => {
      parts.Menu.setApplicationMenu(parts.Menu.buildFromTemplate(template));
    },
    navigate: (hash) => {
      // Same page, another hash route: a same-document navigation, not a reload.
      void window.loadURL(`${APP_ENTRY}${hash}`);
    },
    showError: (title, message) => {
      parts.dialog.showErrorBox(title, message);
    },
    reveal: (path) => {
      parts.shell.showItemInFolder(path);
    },
    setNotifications,
  };
}

/** Shows a desktop notification where the desktop supports them (else does nothing). */
export function desktopNotifier(
  NotificationClass: Pick<typeof Notification, 'isSupported'> &
    (new (options: { title: string; body: string }) => Pick<Notification, 'show'>),
): (title: string, body: string) => void {
  return (title, body) => {
    if (NotificationClass.isSupported()) new NotificationClass({ title, body }).show();
  };
}
