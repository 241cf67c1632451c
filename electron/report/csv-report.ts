// The CSV export: every time series of the journal in one table, one row per entity per tick
// (interfaces, connections, subflows), columns in CSV_COLUMNS and FORMATS.md. RFC 4180 quoting;
// a text cell that a spreadsheet would run as a formula gets a leading apostrophe. Pure.
import type { TickUpdate } from '../contract.js';
import { subflowName } from './report-connections.js';

/** The header row, in order. */
export const CSV_COLUMNS = [
  'time_ms',
  'time_utc',
  'series',
  'interface',
  'connection',
  'subflow',
  'rx_bytes_per_s',
  'tx_bytes_per_s',
  'rx_bytes',
  'tx_bytes',
  'backup',
] as const;

type Cell = string | number | boolean | null;

/** One cell: numbers as they are, text quoted when it must be, formulas defused. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  // A cell starting with = + - @ (or a tab / CR) is a formula to spreadsheets: keep it text.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (cells: readonly Cell[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** The rows of one tick. */
function tickRows(tick: TickUpdate): string {
  const { snapshot } = tick;
  const t = snapshot.time;
  const iso = new Date(t).toISOString();
  let out = '';
  for (const i of snapshot.interfaces) {
    out += line([
      t,
      iso,
      'interface',
      i.name,
      null,
      null,
      i.rxRate,
      i.txRate,
      i.rxBytes,
      i.txBytes,
      null,
    ]);
  }
  for (const c of snapshot.connections) {
    out += line([
      t,
      iso,
      'connection',
      null,
      c.token,
      null,
      c.rxRate,
      c.txRate,
      c.bytesReceived,
      c.bytesSent,
      null,
    ]);
    for (const s of c.subflows) {
      out += line([
        t,
        iso,
        'subflow',
        s.interface,
        c.token,
        subflowName(s),
        s.rxRate,
        s.txRate,
        s.bytesReceived,
        s.bytesAcked,
        s.backup,
      ]);
    }
  }
  return out;
}

/** The CSV export of `ticks` (oldest first): a header row, then the rows of every tick. */
export function renderCsvReport(ticks: readonly TickUpdate[]): string {
  let out = line([...CSV_COLUMNS]);
  for (const tick of ticks) out += tickRows(tick);
  return out;
}
