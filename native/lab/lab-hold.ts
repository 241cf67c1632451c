// Connection holder for benchmarks: N idle MPTCP connections client → server, kept until stopped.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_HOLD_PORT, LAB_PATHS, LAB_SERVER_ADDRESS } from './lab-constants.js';
import { resolveLabConfig, validateInteger } from './lab-config.js';
import type { LabConfig, LabTarget } from './lab-config.js';
import { LabHoldError, LabNotFoundError } from './lab-errors.js';
import { assertRoot, runCommand } from './lab-exec.js';
import type { SsSocket } from '../text/ss-parser.js';
import { readSs } from './lab-parse-tools.js';
import {
  endChild,
  endPids,
  exited,
  hardOpenFilesLimit,
  recordedPids,
  spawnInNamespace,
  waitForClose,
} from './lab-processes.js';
import { listNamespaces } from './lab-status.js';

/** Options of `holdConnections`. */
export interface HoldConnectionsOptions extends LabTarget {
  /** Connections to open (1–20 000; default 1000). */
  count?: number;
  /** TCP port of the holder's server (default 5301). */
  port?: number;
  /** Give up when the connections and their subflows are not all there after this, in seconds (default 60). */
  timeoutSeconds?: number;
}

/** The pool as seen with `ss` in the client namespace. */
export interface HeldPoolCount {
  /** Established MPTCP sockets to the holder's port. */
  readonly connections: number;
  /** TCP subflows to the holder's port. */
  readonly subflows: number;
  /** Subflows per client interface (`red-c`, `blue-c`). */
  readonly subflowsPerInterface: Readonly<Record<string, number>>;
  /** MPTCP sockets that report exactly two subflows. */
  readonly connectionsWithTwoSubflows: number;
}

/** A running pool of held connections. */
export interface HeldConnections extends HeldPoolCount {
  /** The lab's prefix. */
  readonly prefix: string;
  /** Server port. */
  readonly port: number;
  /** Time until every connection was established, in seconds. */
  readonly connectSeconds: number;
  /** Time until every connection also had its second subflow, in seconds. */
  readonly setupSeconds: number;
  /** Pids of the holder's server and client processes. */
  readonly pids: { readonly server: number; readonly client: number };
  /** Resolves when either holder process has ended (after `stop()`, `lab down` or a crash). */
  readonly closed: Promise<void>;
  /** Closes every connection and ends both processes. */
  readonly stop: () => Promise<void>;
}

/** Node command that runs hold-connections (compiled .js, else the .ts through tsx). */
function holderCommand(): string[] {
  const js = new URL('./hold-connections.js', import.meta.url);
  if (existsSync(js)) return [process.execPath, fileURLToPath(js)];
  const ts = new URL('./hold-connections.ts', import.meta.url);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return [process.execPath, '--import', tsx, fileURLToPath(ts)];
}

/** A holder progress line as an object, or undefined for anything else. */
function readEventLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Waits for a JSON progress line from the holder; throws on its `error` line or exit. */
async function awaitEvent(
  child: ChildProcess,
  event: string,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  for (let waited = 0; waited < timeoutMs; waited += 20) {
    // Only whole lines: the last piece may still be arriving.
    for (const line of out.split('\n').slice(0, -1)) {
      const record = readEventLine(line);
      if (record === undefined) continue;
      if (record.event === event) return record;
      if (record.event === 'error')
        throw new LabHoldError(`The connection holder failed: ${String(record.message)}`);
    }
    if (child.exitCode !== null || child.signalCode !== null) break;
    await sleep(20);
  }
  await waitForClose(child, 1_000);
  const said = err.trim() || 'no message';
  throw new LabHoldError(`The connection holder did not report "${event}" (${said}).`);
}

/** Counts the pool with `ss` in the client namespace. */
export async function countHeldConnections(
  config: LabConfig,
  port: number,
): Promise<HeldPoolCount> {
  const ss = async (flags: string): Promise<string> =>
    (await runCommand(['ip', 'netns', 'exec', config.namespaces.client, 'ss', flags])).stdout;
  const [mptcp, tcp] = await Promise.all([ss('-HMni'), ss('-Htn')]);
  return tallyHeldPool(mptcp, tcp, port);
}

/** The pool to `port` in `ss -HMni` (MPTCP sockets) and `ss -Htn` (their TCP subflows). Pure. */
export function tallyHeldPool(mptcpText: string, tcpText: string, port: number): HeldPoolCount {
  const toPort = (s: SsSocket) => s.remote.port === port && s.state === 'ESTAB';
  const connections = readSs('ss -HMni', mptcpText, 'mptcp').filter(toPort);
  const subflows = readSs('ss -Htn', tcpText, 'tcp').filter(toPort);
  const perInterface: Record<string, number> = {};
  for (const s of subflows) {
    const path = LAB_PATHS.find((p) => p.clientAddress === s.local.address);
    const name = s.local.interface ?? path?.clientInterface ?? s.local.address;
    perInterface[name] = (perInterface[name] ?? 0) + 1;
  }
  // ss counts the subflows besides the initial one.
  const subflowCount = (s: SsSocket) => 1 + (s.kind === 'mptcp' ? (s.info?.subflows ?? 0) : 0);
  return {
    connections: connections.length,
    subflows: subflows.length,
    subflowsPerInterface: perInterface,
    connectionsWithTwoSubflows: connections.filter((s) => subflowCount(s) === 2).length,
  };
}

/**
 * Opens `count` idle MPTCP connections from the client to the server namespace and waits until
 * each has its two subflows (red and blue). They stay open until `stop()` (or `lab down`).
 */
export async function holdConnections(
  options: HoldConnectionsOptions = {},
): Promise<HeldConnections> {
  assertRoot();
  const config = resolveLabConfig({ prefix: options.prefix });
  const count = validateInteger('connection count', options.count ?? 1000, 1, 20_000);
  const port = validateInteger('port', options.port ?? DEFAULT_HOLD_PORT, 1, 65535);
  const timeoutMs =
    validateInteger('timeout (seconds)', options.timeoutSeconds ?? 60, 1, 3600) * 1000;
  const existing = await listNamespaces();
  for (const ns of [config.namespaces.client, config.namespaces.server]) {
    if (!existing.includes(ns))
      throw new LabNotFoundError(config.prefix, `namespace ${ns} is missing`);
  }
  const node = holderCommand();
  const common = ['--host', LAB_SERVER_ADDRESS, '--port', String(port), '--count', String(count)];
  // Node raises its soft open-files limit to the hard one; raise the hard one (needs
  // CAP_SYS_RESOURCE) only when the pool would not fit, and only for the holder's processes.
  const needed = count + 1_024;
  const spawnOptions = {
    mptcp: true,
    runDir: config.runDir,
    ...(needed > (await hardOpenFilesLimit()) ? { maxOpenFiles: needed } : {}),
  };
  const started = performance.now();
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(children.map((child) => endChild(child)));
  };
  try {
    const server = await spawnInNamespace(
      config.namespaces.server,
      [...node, 'server', ...common],
      {
        ...spawnOptions,
        role: 'hold-server',
      },
    );
    children.push(server);
    await awaitEvent(server, 'listening', 15_000);
    const client = await spawnInNamespace(
      config.namespaces.client,
      [...node, 'client', ...common],
      {
        ...spawnOptions,
        role: 'hold-client',
      },
    );
    children.push(client);
    const connected = await awaitEvent(client, 'connected', timeoutMs);
    const connectSeconds = typeof connected.seconds === 'number' ? connected.seconds : NaN;
    let pool = await countHeldConnections(config, port);
    while (pool.connectionsWithTwoSubflows < count || pool.subflows < 2 * count) {
      if (performance.now() - started > timeoutMs) {
        throw new LabHoldError(
          `After ${String(timeoutMs / 1000)} s only ${String(pool.connectionsWithTwoSubflows)} of ${String(count)} connections have two subflows ` +
            `(${String(pool.connections)} connections, ${String(pool.subflows)} subflows): check the lab with \`lab status\`.`,
        );
      }
      await sleep(100);
      pool = await countHeldConnections(config, port);
    }
    return {
      ...pool,
      prefix: config.prefix,
      port,
      connectSeconds,
      setupSeconds: (performance.now() - started) / 1000,
      pids: { server: server.pid ?? 0, client: client.pid ?? 0 },
      closed: Promise.race([exited(server), exited(client)]),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Ends held connections started by any process (found through the lab's pid files). */
export async function stopHeldConnections(options: LabTarget = {}): Promise<number[]> {
  assertRoot();
  const config = resolveLabConfig({ prefix: options.prefix });
  const pids = await recordedPids(config.runDir, 'hold-');
  await endPids(pids);
  return pids;
}
