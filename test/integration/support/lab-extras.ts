// What some integration suites and fixture captures need on top of the product's lab
// (native/lab, which makes the namespaces, links, IPv4 addresses, endpoint, limits, source
// routing, shaping and iperf3 traffic): IPv6 on both paths, a second IPv6 endpoint, a server
// `signal` endpoint, other limits, quiet IPv6 router solicitations, iperf3 to any lab address,
// and idle listeners. Processes are started with the lab's pid files, so `labDown` ends them;
// nothing outside the lab's own namespaces is touched.
import { execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BLUE_PATH,
  LAB_PATHS,
  LAB_SERVER_ADDRESS,
  LAB_SOURCE_ROUTE_TABLE,
  labDown,
  labNamespaces,
  labUp,
  resolveLabConfig,
} from '../../../native/lab/index.js';
import type { LabUpOptions, LabUpResult } from '../../../native/lab/index.js';
import { endChild, exited, spawnInNamespace } from '../../../native/lab/lab-processes.js';

/** IPv6 of the two paths (documentation prefixes, added with `nodad`). */
export const LAB_IPV6 = {
  red: { subnet: '2001:db8:1::/64', client: '2001:db8:1::1', server: '2001:db8:1::2' },
  blue: { subnet: '2001:db8:2::/64', client: '2001:db8:2::1', server: '2001:db8:2::2' },
} as const;

/** Runs `ip ARGS…` (no shell) and returns its stdout; stderr goes into the thrown error. */
export function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs a command inside a namespace (`ip netns exec NS ARGV…`) and returns its stdout. */
export function netnsExec(ns: string, ...argv: string[]): string {
  return ip('netns', 'exec', ns, ...argv);
}

/** `labUp` on a clean slate: a lab left over under the same prefix is removed first. */
export async function labUpFresh(options: LabUpOptions & { prefix: string }): Promise<LabUpResult> {
  await labDown({ prefix: options.prefix });
  return labUp(options);
}

/** Options of addLabIpv6. */
export interface LabIpv6Options {
  /** Also route from the client's blue IPv6 address via blue-c (table 200), as for IPv4. */
  readonly sourceRoute?: boolean;
  /** Also add the client endpoint `2001:db8:2::1 dev blue-c subflow` (id 2). */
  readonly endpoint?: boolean;
}

/** Adds LAB_IPV6 (nodad) to both ends of both paths, optionally with routing and an endpoint. */
export function addLabIpv6(prefix: string, options: LabIpv6Options = {}): void {
  const { client, server } = labNamespaces(prefix);
  for (const path of LAB_PATHS) {
    const v6 = LAB_IPV6[path.name];
    ip('-n', client, 'addr', 'add', `${v6.client}/64`, 'dev', path.clientInterface, 'nodad');
    ip('-n', server, 'addr', 'add', `${v6.server}/64`, 'dev', path.serverInterface, 'nodad');
  }
  const blue = BLUE_PATH.clientInterface;
  if (options.endpoint === true) {
    ip('-n', client, 'mptcp', 'endpoint', 'add', LAB_IPV6.blue.client, 'dev', blue, 'subflow');
  }
  if (options.sourceRoute === true) {
    const table = String(LAB_SOURCE_ROUTE_TABLE);
    ip('-n', client, '-6', 'rule', 'add', 'from', LAB_IPV6.blue.client, 'table', table);
    ip(
      ...['-n', client, '-6', 'route', 'add', LAB_IPV6.red.subnet],
      ...['via', LAB_IPV6.blue.server, 'dev', blue, 'table', table],
    );
  }
}

/**
 * Stops IPv6 router solicitations in both namespaces (new and existing interfaces), so the
 * link counters that tests compare stay still between two reads.
 */
export function quietRouterSolicitations(prefix: string): void {
  const { client, server } = labNamespaces(prefix);
  for (const [ns, devices] of [
    [client, LAB_PATHS.map((p) => p.clientInterface)],
    [server, LAB_PATHS.map((p) => p.serverInterface)],
  ] as const) {
    const settings = ['all', 'default', 'lo', ...devices].map(
      (dev) => `net.ipv6.conf.${dev}.router_solicitations=0`,
    );
    netnsExec(ns, 'sysctl', '-q', '-w', ...settings);
  }
}

/** Sets the MPTCP limits of both namespaces (the lab's own are LAB_MPTCP_LIMITS). */
export function setLabLimits(prefix: string, subflows: number, addAddrAccepted: number): void {
  const { client, server } = labNamespaces(prefix);
  for (const ns of [client, server]) {
    ip(
      ...['-n', ns, 'mptcp', 'limits', 'set', 'subflows', String(subflows)],
      ...['add_addr_accepted', String(addAddrAccepted)],
    );
  }
}

/** Adds the server endpoint `203.0.113.2 dev blue-s signal [port P]` (announced to clients). */
export function addServerSignalEndpoint(prefix: string, port?: number): void {
  ip(
    ...['-n', labNamespaces(prefix).server, 'mptcp', 'endpoint', 'add', BLUE_PATH.serverAddress],
    ...['dev', BLUE_PATH.serverInterface, ...(port === undefined ? [] : ['port', String(port)])],
    'signal',
  );
}

/** Waits (up to `timeoutMs`) until something in `ns` listens on TCP `port`. */
export async function waitForListener(ns: string, port: number, timeoutMs = 10_000): Promise<void> {
  for (let waited = 0; waited <= timeoutMs; waited += 50) {
    if (netnsExec(ns, 'ss', '-Hltn', `sport = :${String(port)}`).trim() !== '') return;
    await sleep(50);
  }
  throw new Error(`nothing listens on port ${String(port)} in ${ns}`);
}

/** Options of startIperf. */
export interface IperfOptions {
  /** Address the client connects to (default the server's red address). */
  readonly connect?: string;
  /** Address the server binds; null = every address, dual-stack (default `connect`). */
  readonly bind?: string | null;
  /** Length of the transfer, in seconds. */
  readonly seconds: number;
  /** TCP port (default 5201). */
  readonly port?: number;
  /** Sending rate (iperf3 -b, e.g. `20M`); default as fast as the paths allow. */
  readonly rate?: string;
}

/** An MPTCP iperf3 run in progress. */
export interface RunningIperf {
  readonly server: ChildProcess;
  readonly client: ChildProcess;
  /** Resolves with the client's exit code once both processes are gone. */
  readonly done: Promise<number | null>;
  /** Ends both processes (by pid) now. */
  stop(): Promise<void>;
}

/**
 * Starts an MPTCP iperf3 server and a client sending to it, also to addresses `labTraffic` does
 * not use (IPv6, a dual-stack server); resolves once the client runs.
 */
export async function startIperf(prefix: string, options: IperfOptions): Promise<RunningIperf> {
  const config = resolveLabConfig({ prefix });
  const { client, server } = config.namespaces;
  const port = String(options.port ?? 5201);
  const connect = options.connect ?? LAB_SERVER_ADDRESS;
  const bind = options.bind === undefined ? connect : options.bind;
  const spawn = (ns: string, args: string[], role: string): Promise<ChildProcess> =>
    spawnInNamespace(ns, ['iperf3', ...args], { mptcp: true, runDir: config.runDir, role });
  const iperfServer = await spawn(
    server,
    ['-s', '-1', '-p', port, ...(bind === null ? [] : ['-B', bind])],
    'extra-iperf-server',
  );
  await waitForListener(server, Number(port));
  const args = ['-c', connect, '-p', port, '-t', String(options.seconds)];
  if (options.rate !== undefined) args.push('-b', options.rate);
  const iperfClient = await spawn(client, args, 'extra-iperf-client');
  const done = Promise.all([exited(iperfClient), exited(iperfServer)]).then(
    () => iperfClient.exitCode,
  );
  const stop = async (): Promise<void> => {
    await Promise.all([endChild(iperfClient), endChild(iperfServer)]);
  };
  return { server: iperfServer, client: iperfClient, done, stop };
}

/**
 * Starts `count` idle MPTCP listeners on the client's 127.0.0.1, ports `firstPort`…, for at
 * most two minutes; resolves once all listen.
 */
export async function startListeners(
  prefix: string,
  count: number,
  firstPort: number,
): Promise<ChildProcess> {
  const config = resolveLabConfig({ prefix });
  const script = `const net = require('node:net');
    let ready = 0;
    for (let i = 0; i < ${String(count)}; i++)
      net.createServer().listen(${String(firstPort)} + i, '127.0.0.1', () => {
        if (++ready === ${String(count)}) console.log('listening');
      });
    setTimeout(() => process.exit(0), 120000);`;
  const child = await spawnInNamespace(config.namespaces.client, [process.execPath, '-e', script], {
    mptcp: true,
    runDir: config.runDir,
    role: 'extra-listeners',
  });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  for (let waited = 0; !out.includes('listening'); waited += 50) {
    if (waited > 15_000 || child.exitCode !== null) {
      await endChild(child);
      throw new Error(`the ${String(count)} listeners did not start`);
    }
    await sleep(50);
  }
  return child;
}
