// Reports as PDF inside the app: Electron's own printToPDF on a hidden window with JavaScript
// off, so the app needs no Chromium of the system. The report HTML goes through a private temp
// file (data: URLs are capped at about 2 MB; an hour's report is larger).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { PdfPrinter } from '../report/pdf-printer.js';

/** The part of Electron's BrowserWindow the printer uses (main.ts passes the real class). */
export type PrintWindowClass = new (options: BrowserWindowConstructorOptions) => Pick<
  BrowserWindow,
  'loadFile' | 'destroy'
> & {
  readonly webContents: Pick<BrowserWindow['webContents'], 'printToPDF'>;
};

export const PRINT_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  webPreferences: {
    javascript: false,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
  },
};

export function electronPdfPrinter(Window: PrintWindowClass): PdfPrinter {
  return {
    async print(html) {
      const dir = await mkdtemp(join(tmpdir(), 'subflow-pdf-'));
      const file = join(dir, 'report.html');
      const win = new Window(PRINT_WINDOW_OPTIONS);
      try {
        await writeFile(file, html, { mode: 0o600 });
        await win.loadFile(file);
        const pdf = await win.webContents.printToPDF({
          pageSize: 'A4',
          printBackground: true,
          preferCSSPageSize: true,
        });
        return new Uint8Array(pdf);
      } finally {
        win.destroy();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
