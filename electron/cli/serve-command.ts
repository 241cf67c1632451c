// `subflow serve`: the headless UI — monitor + host + HTTP/WebSocket server — for servers,
// routers and tests. Prints the URL (with its token) and runs until Ctrl-C.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { MetricsOptionError } from '../metrics/listen-address.js';
import { MetricsListenError, startMetricsListener } from '../metrics/metrics-listener.js';
import type { MetricsListener } from '../metrics/metrics-listener.js';
import {
  METRICS_OPTIONS_HELP,
  metricsCommandOptions,
  readMetricsOptions,
} from '../metrics/metrics-options.js';
import type { MetricsPlan } from '../metrics/metrics-options.js';
import { DEFAULT_PORT, startServer } from '../server/server.js';
import type { Command } from './command.js';
import { UsageError, parseCommandLine } from './command.js';
import {
  MONITOR_OPTIONS_HELP,
  ROLE_HELP,
  monitorOptions,
  readMonitorOptions,
  readRole,
} from './monitor-options.js';
import { startLiveBackend, startReplayBackend } from './serve-backend.js';
import { writeOut, writeErr } from '../terminal-text.js';

const HELP = `Usage: subflow serve [--host 127.0.0.1] [--port N] [--netns NAME] [--token T]
                     [--metrics] [--metrics-token T] [--metrics-listen ADDR:PORT]
       subflow serve --replay JOURNAL [--host 127.0.0.1] [--port N] [--token T]

Serves the Subflow dashboard and its API over HTTP and WebSocket, and prints the
URL to open (it carries the access token). Binds to loopback unless --allow-remote.

Options:
  --host ADDR       address to listen on (default 127.0.0.1)
  --port N          port (default ${DEFAULT_PORT}, or the next free one)
  --token T         access token (default: a random one)
  --replay JOURNAL  serve a recorded session (from 'subflow record' or the app) instead
                    of the live kernel: the same dashboard, with a scrubber
  --allow-remote    allow a non-loopback --host (anyone who can reach it and has the
                    token can change multipath settings; also allows a non-loopback
                    --metrics-listen)
${METRICS_OPTIONS_HELP}
${ROLE_HELP}
${MONITOR_OPTIONS_HELP}`;

/** The built renderer: dist/renderer next to the compiled CLI, or in a checkout run by tsx. */
export function rendererDir(): string {
  const built = fileURLToPath(new URL('../../renderer', import.meta.url));
  const checkout = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
  // From a checkout (tsx electron/cli.ts), ../../renderer is the renderer's SOURCE.
  const isBuilt = existsSync(`${built}/index.html`) && !existsSync(`${built}/src/main.tsx`);
  return isBuilt ? built : checkout;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the API over HTTP/WebSocket, and the dashboard where it is built (headless)',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandLine(argv, {
      ...monitorOptions,
      host: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      role: { type: 'string' },
      replay: { type: 'string' },
      ...metricsCommandOptions,
    });
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument '${positionals[0] ?? ''}'`);
    const { netns, intervalMs } = readMonitorOptions(values);
    const role = readRole(values.role);
    let port: number | undefined;
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port needs a port number 0–65535, got '${values.port}'`);
      }
    }
    const allowRemote = values['allow-remote'] ?? false;
    const metricsPlan = readMetrics(values, allowRemote);
    if (values.replay !== undefined && (metricsPlan || values.netns !== undefined)) {
      throw new UsageError('--replay serves a recorded journal: it takes no --netns or metrics');
    }
    const backend =
      values.replay !== undefined
        ? await startReplayBackend(resolve(values.replay))
        : await startLiveBackend({ netns, intervalMs, role, metrics: metricsPlan !== null });
    const { host, metrics: collector } = backend;
    let server;
    try {
      server = await startServer({
        host,
        ...(backend.viewer ? { viewer: backend.viewer } : {}),
        bindAddress: values.host ?? '127.0.0.1',
        ...(port !== undefined ? { port } : {}),
        ...(values.token !== undefined ? { token: values.token } : {}),
        allowNonLoopback: allowRemote,
        staticDir: rendererDir(),
        ...(backend.sessionsDir !== null ? { sessionsDir: backend.sessionsDir } : {}),
        ...(collector && metricsPlan?.mainPortToken
          ? { metrics: { token: metricsPlan.mainPortToken, render: () => collector.exposition() } }
          : {}),
      });
    } catch (err) {
      await backend.close();
      throw err;
    }
    let listener: MetricsListener | null = null;
    if (collector && metricsPlan?.listener) {
      const { at, token } = metricsPlan.listener;
      try {
        listener = await startMetricsListener({
          address: at.address,
          port: at.port,
          allowRemote,
          endpoint: { token, render: () => collector.exposition() },
        });
      } catch (err) {
        await server.close();
        await backend.close();
        // The address given with --metrics-listen is refused or unusable: a command-line fix.
        if (err instanceof MetricsListenError) throw new UsageError(err.message);
        throw err;
      }
    }
    writeOut(`Subflow is serving ${backend.subject} at:\n  ${server.url}\n`);
    if (metricsPlan) writeOut(metricsLines(metricsPlan, server.metricsUrl, listener));
    writeErr(`${backend.eventsLine}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await listener?.close();
    await server.close();
    await backend.close();
    return 0;
  },
};

function readMetrics(
  values: Parameters<typeof readMetricsOptions>[0],
  allowRemote: boolean,
): MetricsPlan | null {
  try {
    return readMetricsOptions(values, allowRemote);
  } catch (err) {
    if (err instanceof MetricsOptionError) throw new UsageError(err.message);
    throw err;
  }
}

/** The "Prometheus metrics at:" lines: each URL and the token it wants. */
function metricsLines(
  plan: MetricsPlan,
  mainUrl: string | undefined,
  listener: MetricsListener | null,
): string {
  const lines = ['Prometheus metrics at:'];
  const bearer = (token: string | null) =>
    token === null ? '(no token)' : `(Authorization: Bearer ${token})`;
  if (mainUrl !== undefined) lines.push(`  ${mainUrl}  ${bearer(plan.mainPortToken)}`);
  if (listener) lines.push(`  ${listener.url}  ${bearer(plan.listener?.token ?? null)}`);
  return lines.join('\n') + '\n';
}
