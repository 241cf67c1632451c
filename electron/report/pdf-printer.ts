// The PDF step: a PdfPrinter turns the HTML report into PDF bytes. Headless, Debian's Chromium
// prints it (--print-to-pdf) from a private temporary directory with every network feature off;
// inside the app, the Electron shell supplies its own printer (webContents.printToPDF).
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReportError } from './report-error.js';

/** Prints a whole, self-contained HTML page (the report) as PDF (A4, light theme). */
export interface PdfPrinter {
  print(html: string): Promise<Uint8Array>;
}

/** Debian's Chromium. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface ChromiumPdfOptions {
  /** The Chromium binary; default /usr/bin/chromium. */
  readonly executable?: string;
  /** Give up (and kill Chromium) after this long, ms; default 60 000. */
  readonly timeoutMs?: number;
}

/** The command line that prints `page` (a file) to `pdf` with a throwaway profile `profile`. */
export function chromiumPdfArgs(page: string, pdf: string, profile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-extensions',
    `--user-data-dir=${profile}`,
    `--print-to-pdf=${pdf}`,
    '--no-pdf-header-footer',
    pathToFileURL(page).href,
  ];
}

/** A PdfPrinter that runs headless Chromium once per report. */
export function chromiumPdfPrinter(options: ChromiumPdfOptions = {}): PdfPrinter {
  const executable = options.executable ?? CHROMIUM_PATH;
  const timeoutMs = options.timeoutMs ?? 60_000;
  return {
    async print(html) {
      try {
        await access(executable, constants.X_OK);
      } catch {
        throw new ReportError(
          `cannot make a PDF: ${executable} is missing; install the chromium package (apt install chromium), or export HTML and print it from a browser`,
          'unavailable',
        );
      }
      const dir = await mkdtemp(join(tmpdir(), 'subflow-pdf-'));
      try {
        const page = join(dir, 'report.html');
        const pdf = join(dir, 'report.pdf');
        await writeFile(page, html, 'utf8');
        await runChromium(executable, chromiumPdfArgs(page, pdf, join(dir, 'profile')), timeoutMs);
        try {
          return await readFile(pdf);
        } catch {
          throw new ReportError(
            'Chromium exited without writing the PDF; export HTML and print it from a browser instead',
          );
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

function runChromium(
  executable: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new ReportError(
          `Chromium did not finish the PDF in ${Math.round(timeoutMs / 1000)} s; export HTML and print it from a browser instead`,
        ),
      );
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(
        new ReportError(
          `cannot start ${executable} to make the PDF: ${err.message}; install the chromium package`,
          'unavailable',
        ),
      );
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve();
        return;
      }
      const last =
        stderr
          .trim()
          .split('\n')
          .filter((l) => l.trim() !== '')
          .pop() ?? '';
      reject(
        new ReportError(
          `Chromium failed to print the PDF (${signal ?? `exit ${String(code)}`}${last !== '' ? `: ${last.slice(0, 300)}` : ''}); export HTML and print it from a browser instead`,
        ),
      );
    });
  });
}
