// Benchmark: naming the process of 1,000 held MPTCP connections (socket inode → /proc/PID/fd).
//   whole pass    a cold cache read at once: one scan of every /proc/PID/fd link on the machine
//   first ticks   the same pass spread over ticks by SocketOwners' time budget (default 30 ms):
//                 the cost of each tick until every socket is named
//   steady state  the same 1,000 sockets again: cache hits, nothing read from /proc
//   kernel sample the monitor's whole per-tick read (lookup included), round trip, for scale
// Run as root: npm run bench (prints a table; medians of RUNS runs; never asserts).
import { readdirSync } from 'node:fs';
import { holdConnections, labDown, labUp } from '../../native/lab/index.js';
import { KernelClient } from '../../native/kernel/kernel-client.js';
import { NETLINK_SOCK_DIAG, NetlinkSocket } from '../../native/netlink/socket.js';
import { withNetns } from '../../native/netns.js';
import { SocketOwners } from '../../native/procfs/socket-owners.js';
import { dumpMptcpSockets } from '../../native/sock-diag/dump.js';
import { median, ms, table, time } from './measure.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1000);
const prefix = `sfbp${process.pid % 1000}`;
const cli = `${prefix}-cli`;

/** Open files of every process on the machine: what one scan reads. */
function openFiles(): { processes: number; fds: number } {
  let processes = 0;
  let fds = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      fds += readdirSync(`/proc/${name}/fd`).length;
      processes++;
    } catch {
      // exited meanwhile
    }
  }
  return { processes, fds };
}

export async function benchProcessLookup(): Promise<string> {
  await labUp({ prefix });
  const held = await holdConnections({ prefix, count: CONNECTIONS });
  const client = new KernelClient({ netns: cli });
  const diag = withNetns(cli, () => NetlinkSocket.open(NETLINK_SOCK_DIAG));
  try {
    const inodes = dumpMptcpSockets(diag).map((s) => s.inode);
    const machine = openFiles();
    let named = 0;
    const whole = await time('whole first pass over /proc at once (no budget)', RUNS, () => {
      named = new SocketOwners({ budgetMs: Infinity }).lookup(inodes).owners.size;
    });
    // With the default budget the first pass is spread over ticks: the cost of each of them.
    const spread: number[] = [];
    let ticksToName = 0;
    for (let run = 0; run < Math.min(RUNS, 5); run++) {
      const owners = new SocketOwners();
      for (let tick = 1; tick <= 100; tick++) {
        const t0 = performance.now();
        const r = owners.lookup(inodes);
        spread.push(performance.now() - t0);
        if (r.note === undefined) {
          ticksToName = Math.max(ticksToName, tick);
          break;
        }
      }
    }
    const cold = {
      label: `first ticks, spread (worst run: all named at tick ${ticksToName})`,
      samplesMs: spread,
    };
    const warm = new SocketOwners();
    warm.lookup(inodes);
    const steady = await time('steady state (cache hits)', RUNS, () => warm.lookup(inodes));
    const sample = await time('kernel sample, whole tick read (reference)', RUNS, () =>
      client.call('sample', null),
    );
    const tick = median(sample.samplesMs);
    const row = (t: { label: string; samplesMs: readonly number[] }): string[] => [
      t.label,
      ms(median(t.samplesMs)),
      `${((median(t.samplesMs) / 1000) * 100).toFixed(2)} %`,
      t === sample ? '' : `${((median(t.samplesMs) / tick) * 100).toFixed(1)} %`,
    ];
    return [
      `${CONNECTIONS} MPTCP connections held (${held.connections} open); ${inodes.length} MPTCP ` +
        `socket inodes looked up, ${named} named; the machine has ${machine.processes} processes ` +
        `with ${machine.fds} open files. Median of ${RUNS} runs.`,
      table([
        ['what', 'median', 'of a 1 s tick', 'of the sample'],
        row(whole),
        row(cold),
        [
          `  the slowest of those ticks`,
          ms(Math.max(...spread)),
          `${((Math.max(...spread) / 1000) * 100).toFixed(2)} %`,
          '',
        ],
        row(steady),
        row(sample),
      ]),
    ].join('\n');
  } finally {
    diag.close();
    await client.close();
    await held.stop();
    await labDown({ prefix });
  }
}

// `node --import tsx test/bench/process-lookup.ts` runs this one alone.
if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  console.log(await benchProcessLookup());
}
