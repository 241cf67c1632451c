// `lab traffic`: bounded MPTCP traffic with iperf3 under mptcpize, with per-path byte counts.
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_TRAFFIC_PORT, LAB_PATHS, LAB_SERVER_ADDRESS } from './lab-constants.js';
import type { LabPathName } from './lab-constants.js';
import { resolveLabConfig, validateInteger } from './lab-config.js';
import type { LabConfig, LabTarget } from './lab-config.js';
import { LabNotFoundError, LabTrafficError } from './lab-errors.js';
import { assertRoot } from './lab-exec.js';
import { parseIperfReport } from './lab-parse-tools.js';
import { endChild, spawnInNamespace, waitForClose, waitForExit } from './lab-processes.js';
import { listNamespaces, readLinkCounters } from './lab-status.js';
import { assertLabTools } from './lab-tools.js';

/** `upload` sends client → server, `download` server → client. */
export type TrafficDirection = 'upload' | 'download';

/** Options of `labTraffic`. */
export interface LabTrafficOptions extends LabTarget {
  /** Length of the transfer, in seconds (1–3600; default 10). */
  seconds?: number;
  /** Direction (default `upload`). */
  direction?: TrafficDirection;
  /** TCP port of the iperf3 server (default 5201). */
  port?: number;
}

/** Traffic one path carried, from the sending side's interface counters. */
export interface LabPathTraffic {
  /** Path name. */
  readonly path: LabPathName;
  /** Sending interface whose counters were read. */
  readonly interface: string;
  /** Bytes the interface sent during the whole test (headers included). */
  readonly bytes: number;
  /** `bytes` over iperf3's test length, in Mbit/s. */
  readonly mbitPerSecond: number;
  /** Rate between ~1.5 s after the start and ~0.5 s before the end, in Mbit/s (null if < 4 s). */
  readonly steadyMbitPerSecond: number | null;
}

/** What a traffic run moved. */
export interface LabTrafficResult {
  /** Direction of the transfer. */
  readonly direction: TrafficDirection;
  /** Payload bytes the receiver got. */
  readonly bytes: number;
  /** Payload throughput at the receiver, in bits per second. */
  readonly bitsPerSecond: number;
  /** Test length, in seconds. */
  readonly seconds: number;
  /** Sender's TCP retransmissions, null when not reported. */
  readonly retransmits: number | null;
  /** Per path, from interface counters. */
  readonly paths: readonly LabPathTraffic[];
}

interface CounterSample {
  readonly time: number;
  readonly bytes: readonly number[];
}

async function sampleTx(ns: string, devices: readonly string[]): Promise<CounterSample> {
  const before = performance.now();
  const bytes = await Promise.all(
    devices.map(async (dev) => (await readLinkCounters(ns, dev)).txBytes),
  );
  return { time: (before + performance.now()) / 2000, bytes };
}

/** Counter samples ~1.5 s after the start and ~0.5 s before the end of the transfer. */
async function steadyWindow(
  ns: string,
  devices: readonly string[],
  seconds: number,
  signal: AbortSignal,
): Promise<readonly [CounterSample, CounterSample]> {
  await sleep(1_500, undefined, { signal });
  const first = await sampleTx(ns, devices);
  await sleep((seconds - 2) * 1000, undefined, { signal });
  return [first, await sampleTx(ns, devices)];
}

function collect(child: ChildProcess): { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  return { stdout: () => out, stderr: () => err.trim() };
}

/** Starts `iperf3 -s -1` in the server namespace; resolves once it listens. */
async function startServer(config: LabConfig, port: number): Promise<ChildProcess> {
  const server = await spawnInNamespace(
    config.namespaces.server,
    ['iperf3', '-s', '-1', '-B', LAB_SERVER_ADDRESS, '-p', String(port), '--forceflush'],
    { mptcp: true, runDir: config.runDir, role: 'traffic-server' },
  );
  const output = collect(server);
  for (let waited = 0; waited < 5_000; waited += 20) {
    if (output.stdout().includes('Server listening')) return server;
    if (server.exitCode !== null || server.signalCode !== null) break;
    await sleep(20);
  }
  await endChild(server);
  await waitForClose(server, 1_000);
  const said = output.stderr() || output.stdout().trim() || 'no output';
  throw new LabTrafficError(`The iperf3 server did not start on port ${String(port)}: ${said}`);
}

/**
 * Runs `seconds` of MPTCP traffic through the lab with iperf3 (client in the client namespace,
 * server on 198.51.100.2) and reports what moved, overall and per path. The server is always
 * ended, also on errors and timeouts.
 */
export async function labTraffic(options: LabTrafficOptions = {}): Promise<LabTrafficResult> {
  assertRoot();
  assertLabTools(['ip', 'iperf3', 'mptcpize']);
  const config = resolveLabConfig({ prefix: options.prefix });
  const seconds = validateInteger('traffic duration (seconds)', options.seconds ?? 10, 1, 3600);
  const port = validateInteger('port', options.port ?? DEFAULT_TRAFFIC_PORT, 1, 65535);
  const direction = options.direction ?? 'upload';
  const { client, server } = config.namespaces;
  const existing = await listNamespaces();
  for (const ns of [client, server]) {
    if (!existing.includes(ns))
      throw new LabNotFoundError(config.prefix, `namespace ${ns} is missing`);
  }
  const upload = direction === 'upload';
  const senderNs = upload ? client : server;
  const devices = LAB_PATHS.map((p) => (upload ? p.clientInterface : p.serverInterface));

  const iperfServer = await startServer(config, port);
  const abort = new AbortController();
  let iperfClient: ChildProcess | undefined;
  try {
    const before = await sampleTx(senderNs, devices);
    const args = [
      'iperf3',
      '-c',
      LAB_SERVER_ADDRESS,
      '-p',
      String(port),
      '-t',
      String(seconds),
      '-J',
    ];
    iperfClient = await spawnInNamespace(client, upload ? args : [...args, '-R'], {
      mptcp: true,
      runDir: config.runDir,
      role: 'traffic-client',
    });
    const output = collect(iperfClient);
    const window =
      seconds >= 4
        ? steadyWindow(senderNs, devices, seconds, abort.signal).catch(() => undefined)
        : Promise.resolve(undefined);
    const finished = await waitForExit(iperfClient, (seconds + 30) * 1000);
    abort.abort();
    if (!finished) {
      throw new LabTrafficError(
        `iperf3 did not finish within ${String(seconds + 30)} s and was stopped.`,
      );
    }
    await waitForClose(iperfClient, 2_000);
    const windowSamples = await window;
    const after = await sampleTx(senderNs, devices);
    const text = output.stdout();
    if (text.trim() === '') {
      throw new LabTrafficError(`iperf3 printed no report: ${output.stderr() || 'no message'}`);
    }
    const report = parseIperfReport(text);
    if ('error' in report) throw new LabTrafficError(`iperf3 failed: ${report.error}`);
    const paths = LAB_PATHS.map((path, i): LabPathTraffic => {
      const bytes = (after.bytes[i] ?? 0) - (before.bytes[i] ?? 0);
      const rate = (from: CounterSample, to: CounterSample): number =>
        (((to.bytes[i] ?? 0) - (from.bytes[i] ?? 0)) * 8) / (to.time - from.time) / 1e6;
      return {
        path: path.name,
        interface: devices[i] ?? '',
        bytes,
        mbitPerSecond: (bytes * 8) / report.seconds / 1e6,
        steadyMbitPerSecond:
          windowSamples === undefined ? null : rate(windowSamples[0], windowSamples[1]),
      };
    });
    return {
      direction,
      bytes: report.bytes,
      bitsPerSecond: report.bitsPerSecond,
      seconds: report.seconds,
      retransmits: report.retransmits,
      paths,
    };
  } finally {
    abort.abort();
    if (iperfClient !== undefined) await endChild(iperfClient);
    await endChild(iperfServer);
  }
}
