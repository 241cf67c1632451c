// The reports' part of the Host: 'report:export' writes a report of a recorded session into the
// sessions directory's reports/ folder, pushing onProgress per step, and answers where to
// download it (GET /api/reports/NAME, served by report-download.ts).
import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportFormat, ReportResult } from '../contract.js';
import type { Handlers, HostPush } from '../host/host.js';
import { JOURNAL_SUFFIX } from '../session/journal/journal-format.js';
import { sessionPath } from '../session/sessions-dir.js';
import { exportReport } from './export-report.js';
import type { ExportStep } from './export-report.js';
import type { PdfPrinter } from './pdf-printer.js';
import { ReportError, writeFailure } from './report-error.js';

/** The folder of the sessions directory that reports are written to (and downloaded from). */
export const REPORTS_SUBDIR = 'reports';
/** URL path prefix of report downloads. */
export const REPORTS_URL_PREFIX = '/api/reports/';

export interface ReportHandlerOptions {
  readonly sessionsDir: string;
  /** Where onProgress pushes go (the Host's push bus). */
  emit(push: HostPush): void;
  /** The PDF printer (Electron's printToPDF in the app); default headless Chromium. */
  readonly pdf?: PdfPrinter;
}

const STEP_TEXT: Readonly<Record<ExportStep, string>> = {
  reading: 'reading the journal',
  building: 'building the report',
  rendering: 'rendering',
  printing: 'printing the PDF',
  writing: 'writing the file',
  done: 'done',
};

/** The reports folder of `sessionsDir`. */
export const reportsDir = (sessionsDir: string): string => join(sessionsDir, REPORTS_SUBDIR);

/** The report file name of session `id` in `format`: "x.sfj" → "x.html". */
export function reportFileName(id: string, format: ReportFormat): string {
  const stem = id.endsWith(JOURNAL_SUFFIX) ? id.slice(0, -JOURNAL_SUFFIX.length) : id;
  return `${stem}.${format}`;
}

/** The journal of session `id`: a regular file directly inside `sessionsDir`, never a path. */
export async function sessionJournal(sessionsDir: string, id: string): Promise<string> {
  const path = await sessionPath(sessionsDir, id);
  // sessionPath follows links; a link could lead out of the directory.
  if ((await lstat(path)).isSymbolicLink())
    throw new ReportError(
      `session "${id}" is a symbolic link, not a journal; pick one from sessions:list`,
      'bad-request',
    );
  return path;
}

/** Handlers for 'report:export'. */
export function reportHandlers(options: ReportHandlerOptions): Handlers {
  return {
    'report:export': async ({ session, format }): Promise<ReportResult> => {
      const journal = await sessionJournal(options.sessionsDir, session);
      const dir = reportsDir(options.sessionsDir);
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
      } catch (err) {
        throw writeFailure(dir, err);
      }
      const name = reportFileName(session, format);
      const task = `Report of ${session} (${format.toUpperCase()})`;
      const outcome = await exportReport({
        journal,
        format,
        out: join(dir, name),
        ...(options.pdf ? { pdf: options.pdf } : {}),
        onProgress: ({ step, done, total }) => {
          options.emit({
            name: 'onProgress',
            payload: { task: `${task}: ${STEP_TEXT[step]}`, done, total },
          });
        },
      });
      return {
        format,
        path: outcome.path,
        bytes: outcome.bytes,
        downloadPath: `${REPORTS_URL_PREFIX}${encodeURIComponent(name)}`,
      };
    },
  };
}
