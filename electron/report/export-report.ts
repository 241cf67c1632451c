// Making one report file from a journal: read → build → render (→ print, for PDF) → write, with a
// progress callback per step. Used by `subflow report` and by the Host's 'report:export'. The file
// appears under its name only once complete (written beside it, then renamed; see output-file.ts).
import { basename, dirname, extname, join } from 'node:path';
import type { ReportFormat } from '../contract.js';
import { detectFailovers } from '../monitor/failover.js';
import { OutputFileError, writeOutputFile } from '../output-file.js';
import { readJournal } from '../session/journal/journal-reader.js';
import type { JournalContents } from '../session/journal/journal-types.js';
import { buildReport } from './build-report.js';
import { renderCsvReport } from './csv-report.js';
import { renderHtmlReport } from './html-report.js';
import { renderJsonReport } from './json-report.js';
import type { PdfPrinter } from './pdf-printer.js';
import { chromiumPdfPrinter } from './pdf-printer.js';
import { ReportError, writeFailure } from './report-error.js';
import type { ReportModel } from './report-types.js';

/** A step of an export, in order ('printing' for PDF only). */
export type ExportStep = 'reading' | 'building' | 'rendering' | 'printing' | 'writing' | 'done';

/** Progress of an export: the step starting now and how many of `total` steps are done. */
export interface ExportProgress {
  readonly step: ExportStep;
  readonly done: number;
  readonly total: number;
}

export interface ExportOptions {
  readonly journal: string;
  readonly format: ReportFormat;
  readonly out: string;
  /** The PDF printer; default headless Chromium. */
  readonly pdf?: PdfPrinter;
  readonly onProgress?: (progress: ExportProgress) => void;
}

export interface ExportOutcome {
  readonly format: ReportFormat;
  readonly path: string;
  /** Size of the file written, bytes. */
  readonly bytes: number;
  /** The journal's last line was torn (the report covers the ticks before it). */
  readonly torn: boolean;
  /** The model's notes (torn journal, counters that went back, …). */
  readonly notes: readonly string[];
}

/** MIME types of the report formats. */
export const REPORT_CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

/** The report of `journal` in `format` beside it: "x.sfj" → "x.html". */
export function defaultReportPath(journal: string, format: ReportFormat): string {
  const ext = extname(journal);
  const stem = ext === '' ? basename(journal) : basename(journal, ext);
  const path = join(dirname(journal), `${stem}.${format}`);
  return path === journal ? join(dirname(journal), `${basename(journal)}.report.${format}`) : path;
}

/** The report as bytes or text (text formats are UTF-8). */
export async function renderReport(
  contents: JournalContents,
  model: ReportModel,
  format: ReportFormat,
  pdf: PdfPrinter | undefined,
  onPrinting?: () => void,
): Promise<string | Uint8Array> {
  switch (format) {
    case 'html':
      return renderHtmlReport(model);
    case 'json':
      return renderJsonReport(contents, model);
    case 'csv':
      return renderCsvReport(contents.ticks);
    case 'pdf': {
      const html = renderHtmlReport(model);
      onPrinting?.();
      return (pdf ?? chromiumPdfPrinter()).print(html);
    }
  }
}

/**
 * Writes `data` to `path` whole through the output-file rule: a new file beside it (0666 less the
 * umask, as before: a report is meant to be shared), renamed
 * over the target only when that is a regular file (devices, FIFOs, sockets, links refused).
 */
export async function writeWhole(path: string, data: string | Uint8Array): Promise<number> {
  try {
    return await writeOutputFile(path, data, { mode: 0o666, what: 'report' });
  } catch (err) {
    if (err instanceof OutputFileError) throw new ReportError(err.message, err.code);
    throw writeFailure(path, err);
  }
}

/** Reads the journal, builds the report and writes it; see ExportOptions. */
export async function exportReport(options: ExportOptions): Promise<ExportOutcome> {
  const total = options.format === 'pdf' ? 5 : 4;
  let done = 0;
  const step = (name: ExportStep): void => {
    options.onProgress?.({ step: name, done, total });
    if (name !== 'done') done++;
  };
  step('reading');
  const contents = await readJournal(options.journal);
  step('building');
  const model = buildReport(contents, detectFailovers(contents));
  step('rendering');
  const data = await renderReport(contents, model, options.format, options.pdf, () => {
    step('printing');
  });
  step('writing');
  const bytes = await writeWhole(options.out, data);
  step('done');
  return {
    format: options.format,
    path: options.out,
    bytes,
    torn: contents.torn,
    notes: model.notes,
  };
}
