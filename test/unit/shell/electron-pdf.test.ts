import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { electronPdfPrinter } from '../../../electron/shell/electron-pdf.js';

/** A stand-in window: records what it was given and "prints" the file it loaded. */
function fakeWindowClass(fail = false) {
  const made: { options: BrowserWindowConstructorOptions; file: string; destroyed: boolean }[] = [];
  class FakeWindow {
    private readonly record: (typeof made)[number];
    constructor(options: BrowserWindowConstructorOptions) {
      this.record = { options, file: '', destroyed: false };
      made.push(this.record);
    }
    loadFile(file: string) {
      this.record.file = file;
      return Promise.resolve();
    }
    destroy() {
      this.record.destroyed = true;
    }
    readonly webContents = {
      printToPDF: () =>
        fail
          ? Promise.reject(new Error('printing failed'))
          : Promise.resolve(Buffer.from(`%PDF ${readFileSync(this.record.file, 'utf8')}`)),
    };
  }
  return { FakeWindow, made };
}

describe('electronPdfPrinter', () => {
  it('prints the report from a private temp file in a hidden window without JavaScript', async () => {
    const { FakeWindow, made } = fakeWindowClass();
    const pdf = await electronPdfPrinter(FakeWindow).print('<h1>report</h1>');
    expect(Buffer.from(pdf).toString()).toBe('%PDF <h1>report</h1>');
    const [w] = made;
    expect(w!.options.show).toBe(false);
    expect(w!.options.webPreferences).toMatchObject({ javascript: false, sandbox: true });
    expect(w!.destroyed).toBe(true);
    expect(existsSync(w!.file)).toBe(false);
  });

  it('cleans up when printing fails', async () => {
    const { FakeWindow, made } = fakeWindowClass(true);
    await expect(electronPdfPrinter(FakeWindow as never).print('x')).rejects.toThrow(
      'printing failed',
    );
    expect(made[0]!.destroyed).toBe(true);
    expect(existsSync(made[0]!.file)).toBe(false);
  });
});
