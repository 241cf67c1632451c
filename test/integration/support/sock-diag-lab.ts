// The two-path MPTCP lab of the sock-diag tests and fixture capture: a client and a server
// namespace joined by two veth pairs ("red" 198.51.100.0/24 + 2001:db8:1::/64, "blue"
// 203.0.113.0/24 + 2001:db8:2::/64), and iperf3 traffic under mptcpize. Only our own namespaces
// are touched; processes are ended by their pid.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

export interface SockDiagLab {
  readonly client: string;
  readonly server: string;
  /** Kills the processes this lab started, then deletes both namespaces. Never throws. */
  destroy(): void;
}

const labs = new WeakMap<SockDiagLab, ChildProcess[]>();

const ip = (args: readonly string[]): void => {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
};

/** Deletes a namespace if it exists (processes inside must have been ended already). */
export function deleteNetns(name: string): void {
  try {
    ip(['netns', 'del', name]);
  } catch {
    // already gone
  }
}

/** Creates `${prefix}cli` and `${prefix}srv` with both paths, MPTCP limits and the endpoint. */
export function createLab(prefix: string): SockDiagLab {
  const client = `${prefix}cli`;
  const server = `${prefix}srv`;
  const children: ChildProcess[] = [];
  const lab: SockDiagLab = {
    client,
    server,
    destroy() {
      for (const c of children) {
        if (c.exitCode === null && c.signalCode === null && c.pid !== undefined) {
          try {
            process.kill(c.pid, 'SIGKILL');
          } catch {
            // exited meanwhile
          }
        }
      }
      deleteNetns(client);
      deleteNetns(server);
    },
  };
  labs.set(lab, children);
  deleteNetns(client);
  deleteNetns(server);
  try {
    ip(['netns', 'add', client]);
    ip(['netns', 'add', server]);
    for (const ns of [client, server]) ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    const paths = [
      { name: 'red', v4: '198.51.100', v6: '2001:db8:1::' },
      { name: 'blue', v4: '203.0.113', v6: '2001:db8:2::' },
    ];
    for (const p of paths) {
      ip([
        '-n',
        client,
        'link',
        'add',
        `${p.name}-c`,
        'type',
        'veth',
        'peer',
        'name',
        `${p.name}-s`,
      ]);
      ip(['-n', client, 'link', 'set', `${p.name}-s`, 'netns', server]);
      ip(['-n', client, 'addr', 'add', `${p.v4}.1/24`, 'dev', `${p.name}-c`]);
      ip(['-n', server, 'addr', 'add', `${p.v4}.2/24`, 'dev', `${p.name}-s`]);
      ip(['-n', client, 'addr', 'add', `${p.v6}1/64`, 'dev', `${p.name}-c`, 'nodad']);
      ip(['-n', server, 'addr', 'add', `${p.v6}2/64`, 'dev', `${p.name}-s`, 'nodad']);
      ip(['-n', client, 'link', 'set', `${p.name}-c`, 'up']);
      ip(['-n', server, 'link', 'set', `${p.name}-s`, 'up']);
    }
    for (const ns of [client, server]) {
      ip(['-n', ns, 'mptcp', 'limits', 'set', 'subflows', '2', 'add_addr_accepted', '2']);
    }
    ip(['-n', client, 'mptcp', 'endpoint', 'add', '203.0.113.1', 'dev', 'blue-c', 'subflow']);
    ip(['-n', client, 'mptcp', 'endpoint', 'add', '2001:db8:2::1', 'dev', 'blue-c', 'subflow']);
    ip(['-n', client, 'rule', 'add', 'from', '203.0.113.1', 'table', '200']);
    ip([
      '-n',
      client,
      'route',
      'add',
      '198.51.100.0/24',
      'via',
      '203.0.113.2',
      'dev',
      'blue-c',
      'table',
      '200',
    ]);
    ip(['-n', client, '-6', 'rule', 'add', 'from', '2001:db8:2::1', 'table', '200']);
    ip([
      '-n',
      client,
      '-6',
      'route',
      'add',
      '2001:db8:1::/64',
      'via',
      '2001:db8:2::2',
      'dev',
      'blue-c',
      'table',
      '200',
    ]);
  } catch (err) {
    lab.destroy();
    throw err;
  }
  return lab;
}

/** Starts a process inside a namespace; the lab kills it on destroy(). */
export function spawnIn(lab: SockDiagLab, ns: string, argv: readonly string[]): ChildProcess {
  const child = spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: 'ignore' });
  labs.get(lab)?.push(child);
  return child;
}

/** Resolves once `child` has exited (or at once if it has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `ready` every 100 ms until it returns true; throws `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  ready: () => boolean,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (ready()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Whether something in `ns` listens on TCP `port` (ss, independent of the code under test). */
export function listening(ns: string, port: number): boolean {
  const out = execFileSync('ip', ['netns', 'exec', ns, 'ss', '-Hltn', `sport = :${port}`], {
    encoding: 'utf8',
  });
  return out.trim() !== '';
}

export interface TrafficOptions {
  /** Address the client connects to. */
  readonly connect: string;
  /** Address the server binds (iperf3 -B); null = all addresses, dual-stack. Default `connect`. */
  readonly bind?: string | null;
  readonly seconds: number;
  /** iperf3 -b: keeps the machine's two cores free. Default 20M. */
  readonly rate?: string;
  readonly port?: number;
}

/** Starts an MPTCP iperf3 server and a client sending to it. Returns once the client runs. */
export async function startTraffic(
  lab: SockDiagLab,
  options: TrafficOptions,
): Promise<{ client: ChildProcess; server: ChildProcess }> {
  const port = String(options.port ?? 5201);
  const bind = options.bind === undefined ? options.connect : options.bind;
  const server = spawnIn(lab, lab.server, [
    ...['mptcpize', 'run', 'iperf3', '-s', '-1', '-p', port],
    ...(bind === null ? [] : ['-B', bind]),
  ]);
  await waitFor(`iperf3 listening on port ${port}`, () => listening(lab.server, Number(port)));
  const client = spawnIn(lab, lab.client, [
    ...['mptcpize', 'run', 'iperf3', '-c', options.connect, '-p', port],
    ...['-t', String(options.seconds), '-b', options.rate ?? '20M'],
  ]);
  return { client, server };
}
