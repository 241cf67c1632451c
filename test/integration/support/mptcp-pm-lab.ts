// A throwaway two-path MPTCP lab for the path-manager tests and fixture captures: a client and a
// server namespace joined by two veth pairs ("red" and "blue"), IPv4 and IPv6, limits 2/2 on
// both sides, a `subflow` endpoint on the client's blue address and source routing for it.
// Everything happens inside the lab's own namespaces; `destroy()` removes them.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** Fixed lab addresses (documentation ranges only). */
export const LAB = {
  red: {
    client: '198.51.100.1',
    server: '198.51.100.2',
    client6: '2001:db8:1::1',
    server6: '2001:db8:1::2',
  },
  blue: {
    client: '203.0.113.1',
    server: '203.0.113.2',
    client6: '2001:db8:2::1',
    server6: '2001:db8:2::2',
  },
} as const;

export interface Lab {
  readonly client: string;
  readonly server: string;
  /** Runs `ip -n NS …` and returns its stdout. */
  ip(ns: string, args: readonly string[]): string;
  /** Runs a command inside a namespace (`ip netns exec NS …`) and returns its stdout. */
  exec(ns: string, argv: readonly string[], timeoutMs?: number): string;
  /** Starts a command inside a namespace without waiting for it. */
  spawnIn(ns: string, argv: readonly string[]): ChildProcess;
  /** A one-shot MPTCP iperf3 server bound to the server's red address (daemonised). */
  startIperfServer(port?: number): void;
  /** Runs an MPTCP iperf3 client for `seconds` (blocking). */
  runIperfClient(seconds: number, port?: number): string;
  /** Same, asynchronous: resolves with the exit code. */
  spawnIperfClient(seconds: number, port?: number, target?: string): Promise<number | null>;
  destroy(): void;
}

const run = (argv: readonly string[], timeoutMs = 20_000): string =>
  execFileSync(argv[0] ?? 'false', argv.slice(1), {
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** Names of namespaces that currently exist (`ip netns list`). */
export function listNetns(): string[] {
  return run(['ip', 'netns', 'list'])
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n !== '');
}

export function deleteNetns(name: string): void {
  if (listNetns().includes(name)) run(['ip', 'netns', 'del', name]);
}

/**
 * Builds the lab. `prefix` must be unique to the caller (e.g. "sfd-t1"); the namespaces are
 * PREFIX-cli and PREFIX-srv. Any leftover namespaces of the same names are removed first.
 */
export function createLab(prefix: string): Lab {
  const client = `${prefix}-cli`;
  const server = `${prefix}-srv`;
  deleteNetns(client);
  deleteNetns(server);
  const ip = (ns: string, args: readonly string[]): string => run(['ip', '-n', ns, ...args]);
  const lab: Lab = {
    client,
    server,
    ip,
    exec: (ns, argv, timeoutMs) => run(['ip', 'netns', 'exec', ns, ...argv], timeoutMs),
    spawnIn: (ns, argv) =>
      spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] }),
    startIperfServer: (port = 5201) => {
      run([
        'ip',
        'netns',
        'exec',
        server,
        'mptcpize',
        'run',
        'iperf3',
        '-s',
        '-1',
        '-D',
        '-B',
        LAB.red.server,
        '-p',
        String(port),
      ]);
      waitForListener(server, port);
    },
    runIperfClient: (seconds, port = 5201) =>
      run(
        [
          'ip',
          'netns',
          'exec',
          client,
          'mptcpize',
          'run',
          'iperf3',
          '-c',
          LAB.red.server,
          '-p',
          String(port),
          '-t',
          String(seconds),
        ],
        (seconds + 20) * 1000,
      ),
    spawnIperfClient: (seconds, port = 5201, target = LAB.red.server) =>
      new Promise((resolve) => {
        const child = spawn(
          'ip',
          [
            'netns',
            'exec',
            client,
            'mptcpize',
            'run',
            'iperf3',
            '-c',
            target,
            '-p',
            String(port),
            '-t',
            String(seconds),
          ],
          { stdio: 'ignore' },
        );
        child.on('exit', (code) => {
          resolve(code);
        });
        child.on('error', () => {
          resolve(null);
        });
      }),
    destroy: () => {
      // The one-shot iperf3 server dies with its namespace's last process only if it finished:
      // kill whatever still runs inside the namespaces before deleting them.
      for (const ns of [client, server]) {
        if (!listNetns().includes(ns)) continue;
        const pids = run(['ip', 'netns', 'pids', ns])
          .split('\n')
          .filter((p) => p !== '');
        for (const pid of pids) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // already gone
          }
        }
        deleteNetns(ns);
      }
    },
  };
  try {
    run(['ip', 'netns', 'add', client]);
    run(['ip', 'netns', 'add', server]);
    for (const ns of [client, server]) ip(ns, ['link', 'set', 'lo', 'up']);
    for (const [path, v4, v6] of [
      ['red', LAB.red, '2001:db8:1::'],
      ['blue', LAB.blue, '2001:db8:2::'],
    ] as const) {
      ip(client, [
        'link',
        'add',
        `${path}-c`,
        'type',
        'veth',
        'peer',
        'name',
        `${path}-s`,
        'netns',
        server,
      ]);
      ip(client, ['addr', 'add', `${v4.client}/24`, 'dev', `${path}-c`]);
      ip(server, ['addr', 'add', `${v4.server}/24`, 'dev', `${path}-s`]);
      ip(client, ['addr', 'add', `${v6}1/64`, 'dev', `${path}-c`, 'nodad']);
      ip(server, ['addr', 'add', `${v6}2/64`, 'dev', `${path}-s`, 'nodad']);
      ip(client, ['link', 'set', `${path}-c`, 'up']);
      ip(server, ['link', 'set', `${path}-s`, 'up']);
    }
    for (const ns of [client, server]) {
      ip(ns, ['mptcp', 'limits', 'set', 'subflows', '2', 'add_addr_accepted', '2']);
    }
    ip(client, ['mptcp', 'endpoint', 'add', LAB.blue.client, 'dev', 'blue-c', 'subflow']);
    ip(client, ['rule', 'add', 'from', LAB.blue.client, 'table', '200']);
    ip(client, [
      'route',
      'add',
      '198.51.100.0/24',
      'via',
      LAB.blue.server,
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

/** Waits (up to 5 s) until something listens on the TCP port inside the namespace. */
function waitForListener(ns: string, port: number): void {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const out = run(['ip', 'netns', 'exec', ns, 'ss', '-Hltn', `sport = :${port}`]);
    if (out.trim() !== '') return;
    run(['sleep', '0.05']);
  }
  throw new Error(`nothing listens on port ${port} in ${ns}`);
}
