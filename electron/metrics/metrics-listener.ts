// The metrics on a plain HTTP listener of their own (`--metrics-listen`): GET /metrics and
// nothing else. Loopback unless allowed otherwise; a token only if one is given.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { isLoopbackAddress, splitHost, urlHost } from '../http/auth.js';
import { failure, parseTarget, securityHeaders, sendFailure } from '../http/http-io.js';
import type { ServerLogger } from '../http/logger.js';
import { stderrLogger } from '../http/logger.js';
import { METRICS_PATH, handleMetrics } from './metrics-http.js';
import type { MetricsEndpoint } from './metrics-http.js';

/** Options of {@link startMetricsListener}. */
export interface MetricsListenerOptions {
  /** IP literal (IPv6 without brackets) or "localhost". */
  readonly address: string;
  /** 0 = any free port; no other port is tried when this one is taken. */
  readonly port: number;
  /** Allow a non-loopback address (the CLI's --allow-remote). */
  readonly allowRemote: boolean;
  readonly endpoint: MetricsEndpoint;
  readonly logger?: ServerLogger;
}

/** A listening metrics listener. */
export interface MetricsListener {
  /** Where Prometheus scrapes, e.g. http://127.0.0.1:9464/metrics. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes every connection. Idempotent. */
  close(): Promise<void>;
}

/** The listener could not start; the message says why and what to do. */
export class MetricsListenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsListenError';
  }
}

/**
 * Which Host headers the listener accepts. On loopback only an IP literal or "localhost", so
 * a page in a browser cannot reach it through a rebound DNS name; elsewhere any (Prometheus
 * scrapes by the names in its own config, which the listener cannot know).
 */
export function metricsHostAllowed(bindAddress: string): (host: string | undefined) => boolean {
  if (!isLoopbackAddress(bindAddress)) return (host) => host !== undefined;
  return (host) => {
    const parts = host === undefined ? null : splitHost(host);
    return parts !== null && (parts.hostname === 'localhost' || isIP(parts.hostname) !== 0);
  };
}

/** Starts the listener. Rejects with MetricsListenError when it may not or cannot listen. */
export async function startMetricsListener(
  options: MetricsListenerOptions,
): Promise<MetricsListener> {
  const { address, allowRemote, endpoint } = options;
  const logger = options.logger ?? stderrLogger;
  if (address.toLowerCase() !== 'localhost' && isIP(address) === 0) {
    throw new MetricsListenError(
      `cannot listen for metrics on "${address}": give an IP address such as 127.0.0.1`,
    );
  }
  if (!isLoopbackAddress(address) && !allowRemote) {
    throw new MetricsListenError(
      `refusing to serve metrics on ${address}: it is reachable from other machines, which ` +
        'then see interface names and traffic; pass --allow-remote if that is what you want',
    );
  }
  const hostAllowed = metricsHostAllowed(address);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const target = parseTarget(req.url);
    if (target?.pathname !== METRICS_PATH) {
      const message = `this listener serves ${METRICS_PATH} only`;
      sendFailure(res, failure(404, 'not-found', message), securityHeaders(undefined));
      return;
    }
    handleMetrics(req, res, { endpoint, hostAllowed, logger }).catch((err: unknown) => {
      logger.error(`answering ${req.method ?? '?'} ${METRICS_PATH}: ${String(err)}`);
      res.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.on('clientError', (_err, socket) => {
    socket.destroy();
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const hint =
        err.code === 'EADDRINUSE' ? ': the port is taken; choose another in --metrics-listen' : '';
      reject(
        new MetricsListenError(
          `cannot listen for metrics on ${urlHost(address)}:${options.port}: ${err.message}${hint}`,
        ),
      );
    });
    server.listen({ host: address, port: options.port, exclusive: true }, () => {
      const bound = server.address();
      resolve(typeof bound === 'object' && bound !== null ? bound.port : options.port);
    });
  });
  if (!isLoopbackAddress(address)) {
    logger.warn(
      `serving metrics on ${urlHost(address)}:${port}, reachable from other machines` +
        (endpoint.token === null ? ' without a token' : ''),
    );
  }
  const shown = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(shown)}:${port}${METRICS_PATH}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
