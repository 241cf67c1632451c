// A journal whose only events are a person's actions: written and read back (the schema accepts
// source 'user'), the report timeline carries them as sentences, and the HTML report shows them
// instead of saying that nothing was recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PmEvent } from '../../../electron/contract.js';
import { actionEvent } from '../../../electron/monitor/action-events.js';
import { buildReport } from '../../../electron/report/build-report.js';
import { renderHtmlReport } from '../../../electron/report/html-report.js';
import { readJournal } from '../../../electron/session/journal/journal-reader.js';
import { JournalWriter } from '../../../electron/session/journal/journal-writer.js';
import { header, iface, journal, snapshot, T0, tick } from '../report/journal-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'sf-report-actions-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const toggle: PmEvent = actionEvent(
  T0 + 2000,
  { kind: 'multipath', origin: 'dashboard', change: 'blue-c: on → backup', result: 'done' },
  'blue-c',
);
const refused: PmEvent = actionEvent(T0 + 3000, {
  kind: 'limits',
  origin: 'cli',
  change: 'limits: subflows 2 → 9',
  result: 'refused',
  reason: 'subflows must be a whole number from 0 to 8, got 9',
});

const ticks = Array.from({ length: 5 }, (_, i) =>
  tick(
    snapshot(T0 + i * 1000, [iface('blue-c', { rx: i * 100, tx: i * 100 }, { rx: 100, tx: 100 })]),
    i === 2 ? [toggle] : i === 3 ? [refused] : [],
  ),
);

describe('a report of a session with only actions', () => {
  it('keeps the actions through the journal', async () => {
    const path = join(dir, 'actions.sfj');
    const w = JournalWriter.open(path, header());
    for (const t of ticks) w.append(t);
    w.close();
    const back = await readJournal(path);
    expect(back.ticks.flatMap((t) => t.events)).toEqual([toggle, refused]);
  });

  it('puts them in the timeline and the HTML', () => {
    const model = buildReport(journal(ticks), []);
    expect(model.timeline.map((t) => [t.type, t.source, t.text])).toEqual([
      [
        'action',
        'user',
        'change made through Subflow on blue-c: blue-c: on → backup (from the dashboard): done',
      ],
      [
        'action',
        'user',
        'change made through Subflow: limits: subflows 2 → 9 (from the subflow command): refused: ' +
          'subflows must be a whole number from 0 to 8, got 9',
      ],
    ]);
    const html = renderHtmlReport(model);
    expect(html).not.toContain('No path-manager event was recorded');
    expect(html).toContain('blue-c: on → backup (from the dashboard): done');
  });
});
