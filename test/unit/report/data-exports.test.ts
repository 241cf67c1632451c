// The CSV and JSON exports: documented columns with exact values, quoting and defused formulas,
// and a JSON export that reads back to the journal and the model.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../electron/report/build-report.js';
import { CSV_COLUMNS, csvCell, renderCsvReport } from '../../../electron/report/csv-report.js';
import { JSON_REPORT_FORMAT, renderJsonReport } from '../../../electron/report/json-report.js';
import { connection, iface, journal, snapshot, subflow, T0, tick } from './journal-builder.js';

const ticks = [
  tick(
    snapshot(
      T0,
      [iface('red-c', { rx: 100, tx: 200 }, { rx: 10, tx: 20 })],
      [
        connection(
          '0a0b0c0d',
          [
            subflow(40000, {
              txRate: 7,
              rxRate: 3,
              bytesAcked: 70,
              bytesReceived: 30,
              backup: true,
            }),
          ],
          { bytesSent: 70, bytesReceived: 30 },
        ),
      ],
    ),
    [{ time: T0, type: 'created', source: 'kernel', token: '0a0b0c0d' }],
  ),
  tick(snapshot(T0 + 1000, [iface('=cmd|" A,b', { rx: 5, tx: 6 }, { rx: 1, tx: 2 })])),
];

/** Splits CSV text into rows of cells (RFC 4180 quoting). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('renderCsvReport', () => {
  it('writes the documented columns, one row per entity per tick', () => {
    const rows = parseCsv(renderCsvReport(ticks));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.slice(1)).toEqual([
      [
        String(T0),
        '2025-01-15T10:00:00.000Z',
        'interface',
        'red-c',
        '',
        '',
        '10',
        '20',
        '100',
        '200',
        '',
      ],
      [
        String(T0),
        '2025-01-15T10:00:00.000Z',
        'connection',
        '',
        '0a0b0c0d',
        '',
        '3',
        '7',
        '30',
        '70',
        '',
      ],
      [
        String(T0),
        '2025-01-15T10:00:00.000Z',
        'subflow',
        'red-c',
        '0a0b0c0d',
        '198.51.100.1:40000 → 198.51.100.2:5201',
        '3',
        '7',
        '30',
        '70',
        '1',
      ],
      [
        String(T0 + 1000),
        '2025-01-15T10:00:01.000Z',
        'interface',
        `'=cmd|" A,b`,
        '',
        '',
        '1',
        '2',
        '5',
        '6',
        '',
      ],
    ]);
  });

  it('quotes and defuses text cells', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('1');
  });
});

describe('renderJsonReport', () => {
  it('carries the header, every tick, the failovers and the model, and reads back', () => {
    const contents = journal(ticks, {}, true);
    const model = buildReport(contents, []);
    const text = renderJsonReport(contents, model);
    expect(text.endsWith('\n')).toBe(true);
    const back = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual([
      'format',
      'version',
      'header',
      'torn',
      'summary',
      'interfaces',
      'connections',
      'apps',
      'timeline',
      'failovers',
      'notes',
      'ticks',
    ]);
    expect(back['format']).toBe(JSON_REPORT_FORMAT);
    expect(back['version']).toBe(1);
    expect(back['header']).toEqual(contents.header);
    expect(back['ticks']).toEqual(contents.ticks);
    expect(back['torn']).toBe(true);
    const rest = Object.fromEntries(
      Object.entries(back).filter(
        ([k]) => !['format', 'version', 'header', 'torn', 'ticks'].includes(k),
      ),
    );
    expect(rest).toEqual(JSON.parse(JSON.stringify(model)));
  });
});
