// Benchmark: reading 1,000 MPTCP connections × 2 subflows in the lab.
//   native dump    sock_diag dump + decode of MPTCP sockets and TCP subflows, in-process
//   kernel sample  the monitor's whole per-tick read on the kernel thread (sockets, subflows,
//                  interfaces, endpoints, limits, sysctls, counters), round trip included
//   monitor tick   kernel sample + building the Snapshot (join, rates) on the main thread
//   ss -tinM       iproute2's ss run in the same namespace on the same sockets
// Run as root: npm run bench (prints a table; medians of RUNS runs; never asserts).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { buildSnapshot } from '../../electron/monitor/snapshot.js';
import type { MonitorState } from '../../electron/monitor/snapshot.js';
import { KernelClient } from '../../native/kernel/kernel-client.js';
import { holdConnections, labDown, labUp } from '../../native/lab/index.js';
import { NETLINK_SOCK_DIAG, NetlinkSocket } from '../../native/netlink/socket.js';
import { withNetns } from '../../native/netns.js';
import { dumpMptcpSockets, dumpMptcpSubflows } from '../../native/sock-diag/dump.js';
import { median, ms, table, time } from './measure.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1000);
const prefix = process.env.BENCH_LAB_PREFIX ?? `sfb${process.pid % 1000}`;
const cli = `${prefix}-cli`;

/** CPU time (user + system) of this process's reaped children, in ms (from cutime/cstime). */
function childCpuMs(): number {
  const text = readFileSync('/proc/self/stat', 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is stat field 3; cutime and cstime are fields 16 and 17, in USER_HZ (100) ticks.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

export async function benchDumpVsSs(): Promise<string> {
  await labUp({ prefix });
  const held = await holdConnections({ prefix, count: CONNECTIONS });
  const client = new KernelClient({ netns: cli });
  const diag = withNetns(cli, () => NetlinkSocket.open(NETLINK_SOCK_DIAG));
  try {
    const nativeSizes = { sockets: 0, subflows: 0 };
    const nativeCpu0 = process.cpuUsage();
    const native = await time('native dump + decode', RUNS, () => {
      nativeSizes.sockets = dumpMptcpSockets(diag).length;
      nativeSizes.subflows = dumpMptcpSubflows(diag).length;
    });
    const nativeCpu = process.cpuUsage(nativeCpu0);

    const sample = await time('kernel sample (thread round trip)', RUNS, () =>
      client.call('sample', null),
    );

    let state: MonitorState | null = null;
    const ctx = { netns: cli, hostname: hostname(), intervalMs: 1000 };
    const tick = await time('monitor tick (sample + snapshot)', RUNS, async () => {
      const s = await client.call('sample', null);
      state = buildSnapshot(state, s, ctx).state;
    });

    let ssLines = 0;
    const children0 = childCpuMs();
    const ss = await time('ss -tinM (same namespace)', RUNS, () => {
      const r = withNetns(cli, () => spawnSync('ss', ['-tinM'], { maxBuffer: 256 << 20 }));
      ssLines = r.stdout.toString().split('\n').length;
    });
    const ssCpuPerRun = (childCpuMs() - children0) / (RUNS + 2);

    const ssMedian = median(ss.samplesMs);
    const row = (t: { label: string; samplesMs: readonly number[] }, cpu?: string): string[] => [
      t.label,
      ms(median(t.samplesMs)),
      `${(median(t.samplesMs) / ssMedian).toFixed(2)}×`,
      cpu ?? '',
    ];
    return [
      `${CONNECTIONS} MPTCP connections held: ${held.connections} with ${held.subflows} subflows; ` +
        `native saw ${nativeSizes.sockets} MPTCP sockets and ${nativeSizes.subflows} subflows; ` +
        `ss printed ${ssLines} lines. Median of ${RUNS} runs.`,
      table([
        ['what', 'median', 'vs ss', 'CPU/run'],
        row(native, ms((nativeCpu.user + nativeCpu.system) / 1000 / (RUNS + 2))),
        row(sample),
        row(tick),
        row(ss, `${ssCpuPerRun.toFixed(1)} ms (child)`),
      ]),
    ].join('\n');
  } finally {
    diag.close();
    await client.close();
    await held.stop();
    await labDown({ prefix });
  }
}
