// The report of a journal recorded in the lab (test/fixtures/report/lab-failover.sfj: iperf3 over
// red at 40 Mbit/s, blue a 20 Mbit/s backup path, red cut by a firewall rule for 8 s): the figures
// match the shaping, blue carried the traffic as a backup while red was cut, and the failover is
// in the report.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../electron/report/build-report.js';
import { renderHtmlReport } from '../../../electron/report/html-report.js';
import { detectFailovers } from '../../../electron/monitor/failover.js';
import { readJournal } from '../../../electron/session/journal/journal-reader.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'report', 'lab-failover.sfj');
const near = (value: number, target: number, tolerance: number): boolean =>
  Math.abs(value - target) <= target * tolerance;

describe('report of the lab failover journal', async () => {
  const contents = await readJournal(FIXTURE);
  const model = buildReport(contents, detectFailovers(contents));

  it('gives interface figures that match the shaping', () => {
    const red = model.interfaces.find((i) => i.name === 'red-c')!;
    const blue = model.interfaces.find((i) => i.name === 'blue-c')!;
    // tbf: red 40 Mbit/s = 5,000,000 B/s, blue 20 Mbit/s = 2,500,000 B/s.
    expect(near(red.tx.max, 5e6, 0.1), `red max ${red.tx.max}`).toBe(true);
    expect(near(blue.tx.max, 2.5e6, 0.1), `blue max ${blue.tx.max}`).toBe(true);
    expect(red.tx.min).toBe(0); // while cut
    expect(red.tx.total).toBeGreaterThan(50e6);
    expect(model.notes).toEqual([]);
  });

  it('shows the backup path carrying the traffic while red was cut', () => {
    const busy = [...model.connections].sort((a, b) => b.peakRate - a.peakRate)[0]!;
    expect(busy.openAtEnd).toBe(true);
    const blue = busy.subflows.find((s) => s.interface === 'blue-c')!;
    expect(blue.backup.ever).toBe(true);
    expect(blue.backup.carried).toBe(true);
    expect(blue.backup.bytes).toBeGreaterThan(10e6);
    const redRates = busy.subflows.find((s) => s.interface === 'red-c')!.rate;
    expect(redRates.filter((r) => r === 0).length).toBeGreaterThan(10);
  });

  it('lists the failover from red to blue, with a short gap, the connection alive', () => {
    const first = model.failovers[0]!;
    expect(first).toMatchObject({
      from: { interface: 'red-c' },
      to: { interface: 'blue-c' },
      survived: true,
    });
    expect(first.gapMs).toBeLessThan(5000);
    expect(first.gap).toMatch(
      /^traffic stalled for 1\.0 s \(below 10 % of its 37\.6 Mbit\/s\), then 18\.8 Mbit\/s on blue-c$/,
    );
    expect(first.survival).toBe('still open at the end of the recording');
    // Red was cut for 8 s: it carries traffic again when the traffic moves back to it.
    const back = model.failovers[1]!;
    expect(back).toMatchObject({ from: { interface: 'blue-c' }, to: { interface: 'red-c' } });
    expect(back.gap).toBe('no interruption: 18.8 → 37.6 Mbit/s on red-c');
    expect(first.recoveredAt).toBe(back.at);
    expect(first.outMs).toBeGreaterThan(8000);
    expect(first.outMs).toBeLessThan(15_000);
    // Blue is a backup: idle once red is back, so it never "recovers".
    expect(back.recoveredAt).toBeUndefined();
    // A journal recorded before fallback existed reads as MPTCP, not fallen back.
    expect(model.connections.every((c) => !c.fallback)).toBe(true);
    const html = renderHtmlReport(model);
    expect(html).toContain('traffic stalled for 1.0 s');
    expect(html).toContain('no interruption: 18.8 → 37.6 Mbit/s on red-c');
    expect(html).not.toContain('id="fallbacks"');
    expect(html.match(/<svg class="chart"/g)).toHaveLength(5);
    expect(html).toContain('>F1</text>');
  });

  it('lists connections that fell back to plain TCP, with their reason', () => {
    const reason = 'the peer did not answer MP_CAPABLE <x> (MPCapableFallbackSYNACK)';
    const fallen = {
      ...contents,
      ticks: contents.ticks.map((t) => ({
        ...t,
        snapshot: {
          ...t.snapshot,
          connections: t.snapshot.connections.map((c, i) =>
            i === 0 ? { ...c, fallback: true, fallbackReason: reason } : c,
          ),
        },
      })),
    };
    const fallenModel = buildReport(fallen, detectFailovers(fallen));
    const listed = fallenModel.connections.filter((c) => c.fallback);
    expect(listed.map((c) => c.fallbackReason)).toEqual([reason]);
    const html = renderHtmlReport(fallenModel);
    expect(html).toContain('<section id="fallbacks"><h2>TCP fallbacks</h2>');
    expect(html).toContain(
      'the peer did not answer MP_CAPABLE &lt;x&gt; (MPCapableFallbackSYNACK)',
    );
  });
});
