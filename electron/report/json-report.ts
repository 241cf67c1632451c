// The JSON export: everything — the journal's header and every tick (whole snapshots and their
// events), the detected failovers, and the report model's statistics, series and tables. The
// top-level shape is documented in FORMATS.md. Pure.
import type { TickUpdate } from '../contract.js';
import type { JournalContents, JournalHeader } from '../session/journal/journal-types.js';
import type { ReportModel } from './report-types.js';

/** Marker of the JSON export. */
export const JSON_REPORT_FORMAT = 'subflow-report';
/** Version of the JSON export's shape. */
export const JSON_REPORT_VERSION = 1;

/** The JSON export's top level (see FORMATS.md). */
export interface JsonReport extends ReportModel {
  readonly format: typeof JSON_REPORT_FORMAT;
  readonly version: typeof JSON_REPORT_VERSION;
  /** The journal's header, as recorded. */
  readonly header: JournalHeader;
  /** The journal's last line was torn and skipped. */
  readonly torn: boolean;
  /** Every tick, oldest first: whole snapshots and the events of each tick. */
  readonly ticks: readonly TickUpdate[];
}

/** The JSON export's object. */
export function jsonReport(contents: JournalContents, model: ReportModel): JsonReport {
  return {
    format: JSON_REPORT_FORMAT,
    version: JSON_REPORT_VERSION,
    header: contents.header,
    torn: contents.torn,
    ...model,
    ticks: contents.ticks,
  };
}

/** The JSON export as text (one line, ending in a newline). */
export function renderJsonReport(contents: JournalContents, model: ReportModel): string {
  return `${JSON.stringify(jsonReport(contents, model))}\n`;
}
