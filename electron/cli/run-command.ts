// `subflow run -- COMMAND…`: starts a program with MPTCP for its TCP sockets, the way `mptcpize
// run` does (LD_PRELOAD of Debian's libmptcpwrap), then watches its sockets while it runs and
// says, on stderr, whether each connection is really MPTCP and with how many subflows, fell back
// to TCP (and why, when the kernel's counters tell) or stayed plain TCP. Exits with the
// program's exit code.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { NETLINK_SOCK_DIAG, NetlinkSocket } from '../../native/netlink/socket.js';
import { withNetns } from '../../native/netns.js';
import { readMptcpCounters } from '../../native/procfs/netstat.js';
import type { MptcpCounters } from '../../native/procfs/netstat.js';
import { socketInodeOf } from '../../native/procfs/process-text.js';
import { readMptcpSysctls } from '../../native/procfs/sysctl.js';
import { dumpMptcpSockets, dumpTcpSockets } from '../../native/sock-diag/dump.js';
import type { Command } from './command.js';
import { UsageError, parseCommandLine } from './command.js';
import { writeErr } from '../terminal-text.js';
import { readMonitorOptions } from './monitor-options.js';
import {
  RunError,
  WRAPPER_MISSING,
  checkExecutable,
  findWrapper,
  mptcpDisabledReason,
  preloadWith,
} from './run-plan.js';
import { describeConnection, fallbackCause, runConnections, runSummary } from './run-verify.js';
import type { RunConnection } from './run-verify.js';

const HELP = `Usage: subflow run [--netns NAME] -- COMMAND [ARGS…]

Starts COMMAND with MPTCP for its TCP sockets, as 'mptcpize run' does (it preloads
Debian's libmptcpwrap, from the package mptcpize), then checks while it runs: every
connection it opens is reported on stderr as MPTCP with its number of subflows, as
fallen back to TCP (with the reason when the kernel's MPTcpExt counters tell), or as
plain TCP. Exits with COMMAND's exit code.

The wrapper cannot reach statically linked programs; subflow run refuses them.

Options:
  --netns NAME   run COMMAND in the named network namespace (ip netns exec)`;

/** How often the program's sockets are looked at, ms. */
const CHECK_MS = 500;

const say = (line: string): void => {
  writeErr(`subflow run: ${line}\n`);
};

/** `pid` and every process descending from it (from the ppid field of /proc/PID/stat). */
function processTree(pid: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid);
      if (list) list.push(Number(name));
      else children.set(ppid, [Number(name)]);
    } catch {
      // exited meanwhile
    }
  }
  const tree = new Set([pid]);
  for (const p of tree) for (const c of children.get(p) ?? []) tree.add(c);
  return tree;
}

/** Socket inodes held by `pids`. */
function socketInodes(pids: Iterable<number>): Set<number> {
  const inodes = new Set<number>();
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const inode = socketInodeOf(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (inode !== null) inodes.add(inode);
      } catch {
        // closed meanwhile
      }
    }
  }
  return inodes;
}

function splitCommand(argv: readonly string[]): { options: string[]; command: string[] } {
  const dashes = argv.indexOf('--');
  if (dashes >= 0) return { options: argv.slice(0, dashes), command: argv.slice(dashes + 1) };
  const first = argv.findIndex((a, i) => !a.startsWith('-') && argv[i - 1] !== '--netns');
  return first < 0
    ? { options: [...argv], command: [] }
    : { options: argv.slice(0, first), command: argv.slice(first) };
}

export const runCommand: Command = {
  name: 'run',
  summary: 'start a program with MPTCP (like mptcpize run) and check its connections',
  help: HELP,
  async run(argv) {
    const { options, command } = splitCommand(argv);
    const { values, positionals } = parseCommandLine(options, { netns: { type: 'string' } });
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument '${positionals[0] ?? ''}'`);
    const [program, ...args] = command;
    if (program === undefined)
      throw new UsageError("give the command to run after '--' (see 'subflow run --help')");
    const { netns } = readMonitorOptions(values);
    const inNs = <T>(fn: () => T): T => (netns === null ? fn() : withNetns(netns, fn));

    const wrapper = findWrapper();
    if (wrapper === null) throw new RunError(WRAPPER_MISSING);
    const disabled = mptcpDisabledReason(
      inNs(() => readMptcpSysctls()),
      netns === null ? 'here' : `in namespace ${netns}`,
    );
    if (disabled !== null) throw new RunError(disabled);
    const path = checkExecutable(program);

    const preload = preloadWith(wrapper, process.env.LD_PRELOAD);
    const child =
      netns === null
        ? spawn(path, args, { stdio: 'inherit', env: { ...process.env, LD_PRELOAD: preload } })
        : spawn('ip', ['netns', 'exec', netns, 'env', `LD_PRELOAD=${preload}`, path, ...args], {
            stdio: 'inherit',
          });
    const exit = new Promise<number>((resolve) => {
      child.once('exit', (code, signal) => {
        resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGINT' ? 2 : 15));
      });
      child.once('error', (err) => {
        say(`could not start ${path}: ${err.message}`);
        resolve(127);
      });
    });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt).on('SIGTERM', onTerm);
    say(`started ${path} (pid ${child.pid ?? '?'}) with ${wrapper} preloaded`);

    const diag = inNs(() => NetlinkSocket.open(NETLINK_SOCK_DIAG));
    const counters = (): MptcpCounters | null => inNs(() => readMptcpCounters());
    const before = counters();
    const seen = new Map<string, RunConnection>();
    const told = new Map<string, string>();
    const running = { exited: false };
    void exit.then(() => (running.exited = true));
    try {
      while (!running.exited && child.pid !== undefined) {
        const owned = socketInodes(processTree(child.pid));
        const now = runConnections(dumpMptcpSockets(diag), dumpTcpSockets(diag), owned);
        const cause = now.some((c) => c.kind === 'fallback')
          ? fallbackCause(before, counters())
          : null;
        for (const c of now) {
          seen.set(c.cookie, c);
          const line = describeConnection(c, cause);
          if (told.get(c.cookie) !== line) say(line);
          told.set(c.cookie, line);
        }
        await Promise.race([exit, new Promise((r) => setTimeout(r, CHECK_MS))]);
      }
    } finally {
      diag.close();
      process.off('SIGINT', onInt).off('SIGTERM', onTerm);
    }
    const code = await exit;
    say(`${path} exited with ${code}; ${runSummary(seen)}`);
    return code;
  },
};
