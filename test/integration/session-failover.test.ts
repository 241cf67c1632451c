// Failover detection on a real path cut: the lab's client namespace is recorded while iperf3
// sends over both paths, the red path is cut mid-way by a firewall rule in the client namespace
// (nftables, dropping everything in and out of red-c, as a firewall would) for 4 s, then restored.
// The journal read back must show the failover red → blue with a plausible gap, the connection
// alive at the end (survived: true), and red carrying traffic again after the restore; the live
// watch, fed the same ticks, must say the same (one failover, one 'recovered' after the restore),
// and so must the JSON report of the recording.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFailoverWatch } from '../../electron/monitor/failover-watch.js';
import { MonitorService } from '../../electron/monitor/monitor-service.js';
import { exportReport } from '../../electron/report/export-report.js';
import { detectFailovers } from '../../electron/monitor/failover.js';
import type { FollowUpNews } from '../../electron/monitor/failover-followup.js';
import { followUpSentence } from '../../electron/monitor/failover-words.js';
import type { Failover } from '../../electron/session/journal/journal-types.js';
import { readJournal } from '../../electron/session/journal/journal-reader.js';
import { Recorder } from '../../electron/session/journal-recorder.js';
import { labDown, listNamespaces } from '../../native/lab/index.js';
import { labUpFresh, startIperf } from './support/lab-extras.js';
import type { RunningIperf } from './support/lab-extras.js';

const root = process.getuid?.() === 0;
const prefix = `sff${process.pid % 10000}`;
const cli = `${prefix}-cli`;
const CUT_MS = 4000;
const dir = mkdtempSync(join(tmpdir(), 'sfs-failover-'));

const nft = (...args: string[]): string =>
  execFileSync('ip', ['netns', 'exec', cli, 'nft', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** Drops everything leaving or entering red-c in the client namespace. */
function cutRed(): void {
  nft('add', 'table', 'inet', 'sfcut');
  for (const [chain, hook, match] of [
    ['out', 'output', 'oifname'],
    ['in', 'input', 'iifname'],
  ] as const) {
    nft('add', 'chain', 'inet', 'sfcut', chain, `{ type filter hook ${hook} priority 0 ; }`);
    nft('add', 'rule', 'inet', 'sfcut', chain, match, 'red-c', 'drop');
  }
}

/** Cleanup: removes the cut if it is still there. */
function restoreRed(): void {
  if (!existsSync(`/run/netns/${cli}`)) return;
  try {
    nft('delete', 'table', 'inet', 'sfcut');
  } catch {
    // Not there (never cut, or already restored).
  }
}

describe.skipIf(!root)('failover detection on a real path cut', () => {
  let iperf: RunningIperf | null = null;

  beforeAll(async () => {
    await labUpFresh({ prefix });
  });
  afterAll(async () => {
    restoreRed();
    await iperf?.stop();
    await labDown({ prefix });
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the red → blue failover, its recovery and the connection alive', async () => {
    const path = join(dir, 'cut.sfj');
    const monitor = new MonitorService({ netns: cli, intervalMs: 200 });
    const live: Failover[] = [];
    const news: { news: FollowUpNews; text: string; seenAt: number }[] = [];
    const unwatch = monitor.subscribe(
      createFailoverWatch((f) => live.push(f), {
        onFollowUp: (f, p, n) =>
          news.push({ news: n, text: followUpSentence(f.token, p, n), seenAt: Date.now() }),
      }),
    );
    await monitor.start();
    let recorder: Recorder | null = null;
    let cutAt = 0;
    let restoredAt = 0;
    try {
      iperf = await startIperf(prefix, { seconds: 60 });
      recorder = await Recorder.start({ monitor, path });
      await sleep(7000);
      cutAt = Date.now();
      cutRed();
      await sleep(CUT_MS);
      nft('delete', 'table', 'inet', 'sfcut');
      restoredAt = Date.now();
      await sleep(9000);
    } finally {
      restoreRed();
      recorder?.stop();
      unwatch();
      await monitor.stop();
    }
    expect(recorder.error).toBeNull();

    const journal = await readJournal(path);
    const failovers = detectFailovers(journal);
    const figures = failovers.map((f) => ({
      at: `+${((f.at - cutAt) / 1000).toFixed(1)} s from the cut`,
      from: `${f.from.subflow} (${String(f.from.interface)})`,
      to: `${f.to.subflow} (${String(f.to.interface)})`,
      gapMs: f.gapMs,
      before: `${((f.rateBefore * 8) / 1e6).toFixed(1)} Mbit/s`,
      after: `${((f.rateAfter * 8) / 1e6).toFixed(1)} Mbit/s`,
      gap: f.gap,
      survived: f.survived,
      survival: f.survival,
      recovered:
        f.recoveredAt === undefined
          ? 'no'
          : `+${((f.recoveredAt - restoredAt) / 1000).toFixed(1)} s from the restore, out ${String(f.outMs)} ms`,
    }));
    console.log(`${journal.ticks.length} ticks; failovers:\n${JSON.stringify(figures, null, 2)}`);
    console.log(
      `live: ${live.length} failover(s); follow-ups:\n${news.map((n) => n.text).join('\n')}`,
    );

    const first = failovers[0];
    expect(first).toBeDefined();
    expect(first?.from.interface).toBe('red-c');
    expect(first?.to.interface).toBe('blue-c');
    expect(Math.abs((first?.at ?? 0) - cutAt)).toBeLessThan(1500);
    // Usually 1–2 s while red's data in flight is re-sent on blue; 0 when blue picked the
    // traffic up within the same 200 ms tick (seen once in CI). Never longer than the cut.
    expect(first?.gapMs).toBeGreaterThanOrEqual(0);
    expect(first?.gapMs).toBeLessThan(CUT_MS + 3000);
    expect(first?.rateAfter).toBeGreaterThan(0);
    expect(first?.survived).toBe(true);
    expect(first?.survival).toBe('still open at the end of the recording');
    expect(first?.gap).toMatch(
      /^(no interruption: .* on blue-c|traffic stalled for .* on blue-c)$/,
    );
    // Red carries traffic again once the drop rule is gone (not before: nothing passed).
    expect(first?.recoveredAt).toBeGreaterThanOrEqual(restoredAt - 250);
    expect(first?.recoveredAt).toBeLessThan(restoredAt + 8000);
    expect(first?.outMs).toBe((first?.recoveredAt ?? 0) - (first?.at ?? 0));

    // The live watch saw the same failover and the same recovery, once each.
    expect(live.map((f) => [f.from.interface, f.to.interface])).toEqual([['red-c', 'blue-c']]);
    const recovered = news.filter((n) => n.news.kind === 'recovered');
    expect(recovered).toHaveLength(1);
    expect(recovered[0]?.news.at).toBe(first?.recoveredAt);
    expect(recovered[0]?.seenAt).toBeGreaterThanOrEqual(restoredAt);
    expect(recovered[0]?.text).toMatch(
      /^connection \w+: red-c \(198\.51\.100\.1\) carries traffic again/,
    );

    // The JSON report of the recording tells the same.
    const out = join(dir, 'cut.json');
    await exportReport({ journal: path, format: 'json', out });
    const report = JSON.parse(readFileSync(out, 'utf8')) as { failovers: Failover[] };
    expect(report.failovers[0]).toMatchObject({
      survived: true,
      recoveredAt: first?.recoveredAt,
      gap: first?.gap,
    });
  });

  it('leaves no namespace of its own behind', async () => {
    await labDown({ prefix });
    expect((await listNamespaces()).filter((n) => n.startsWith(`${prefix}-`))).toEqual([]);
  });
});
