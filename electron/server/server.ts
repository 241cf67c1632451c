// `subflow serve`: one HTTP + WebSocket port in front of a Host. Binds loopback unless told
// otherwise, finds a free port near the one asked for, and wires pages, the REST routes and the
// stream together; close() undoes all of it.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Host } from '../host/host.js';
import type { HostPolicy } from '../http/auth.js';
import {
  checkAccess,
  generateToken,
  hostPolicy,
  isAllowedHost,
  isLoopbackAddress,
  isUsableToken,
  isWildcardAddress,
  urlHost,
} from '../http/auth.js';
import { failure, parseTarget, securityHeaders, sendFailure } from '../http/http-io.js';
import type { ServerLogger } from '../http/logger.js';
import { stderrLogger } from '../http/logger.js';
import { METRICS_PATH, handleMetrics } from '../metrics/metrics-http.js';
import type { MetricsEndpoint } from '../metrics/metrics-http.js';
import { handleApi, isApiPath } from './routes.js';
import { handlePage } from './static-files.js';
import type { StreamHub, ViewerHost } from './stream.js';
import { createStreamHub, refuseUpgrade, STREAM_PATH } from './stream.js';

/** The port tried first when none is given. */
export const DEFAULT_PORT = 7070;
/** How many ports after the requested one are tried when it is taken. */
export const PORT_FALLBACKS = 20;

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** The dispatcher every request goes to and every tick comes from. */
  readonly host: Host;
  /** A host of its own per WebSocket client (its replay is its own); REST stays on `host`. */
  readonly viewer?: () => ViewerHost;
  /** IP address (or 'localhost') to listen on; default 127.0.0.1. */
  readonly bindAddress?: string;
  /** Port to try first (default 7070); the next free one up to +20 if taken; 0 = any. */
  readonly port?: number;
  /** The access token; a random 32-byte base64url one when absent. */
  readonly token?: string;
  /** The built renderer (index.html and its assets). */
  readonly staticDir?: string;
  /** Allow a non-loopback bindAddress (the CLI's --allow-remote). */
  readonly allowNonLoopback?: boolean;
  readonly logger?: ServerLogger;
  /** Sessions directory whose reports/ are downloadable at /api/reports/NAME (token needed). */
  readonly sessionsDir?: string;
  /** Serve Prometheus metrics at /metrics, behind their own bearer token. */
  readonly metrics?: MetricsEndpoint & { readonly token: string };
}

/** A listening server. */
export interface RunningServer {
  /** The address to open in a browser, with ?token=… */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Where Prometheus scrapes the metrics (with the metrics token), when they are served. */
  readonly metricsUrl?: string;
  /** Stops accepting, closes every socket and unsubscribes from the Host. Idempotent. */
  close(): Promise<void>;
}

/** The server could not start; the message says why and what to do. */
export class ServerStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerStartError';
  }
}

/** Starts the headless server. Rejects with ServerStartError when it cannot listen. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const bindAddress = options.bindAddress ?? '127.0.0.1';
  const logger = options.logger ?? stderrLogger;
  checkBindAddress(bindAddress, options.allowNonLoopback === true);
  const token = options.token ?? generateToken();
  if (!isUsableToken(token)) {
    throw new ServerStartError(
      'the token must be 16–256 characters of A–Z, a–z, 0–9, ".", "_", "~" or "-"',
    );
  }
  if (options.metrics !== undefined && !isUsableToken(options.metrics.token)) {
    throw new ServerStartError(
      'the metrics token must be 16–256 characters of A–Z, a–z, 0–9, ".", "_", "~" or "-"',
    );
  }
  const firstPort = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(firstPort) || firstPort < 0 || firstPort > 65_535) {
    throw new ServerStartError(`the port must be a whole number from 0 to 65535, not ${firstPort}`);
  }

  // Filled in once the port is known: the Host policy depends on it.
  const bound: { ctx: RequestContext | null } = { ctx: null };
  const hub = createStreamHub({
    host: options.host,
    logger,
    ...(options.viewer ? { viewer: options.viewer } : {}),
  });
  const server = createServer();
  server.requestTimeout = 30_000;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const ctx = bound.ctx;
    if (ctx === null) {
      res.writeHead(503).end();
      return;
    }
    onRequest(req, res, ctx).catch((err: unknown) => {
      logger.error(`answering ${req.method ?? '?'} ${req.url ?? '?'}: ${String(err)}`);
      if (!res.headersSent) sendFailure(res, failure(500, 'internal', 'internal server error'));
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    if (bound.ctx === null) socket.destroy();
    else onUpgrade(req, socket, head, bound.ctx, hub);
  });
  server.on('clientError', (_err, socket) => {
    socket.destroy();
  });

  let port: number;
  try {
    port = await listen(server, bindAddress, firstPort);
  } catch (err) {
    await hub.close();
    throw err;
  }
  const policy = hostPolicy(bindAddress, port);
  bound.ctx = {
    host: options.host,
    token,
    policy,
    logger,
    staticDir: options.staticDir,
    metrics: options.metrics,
    sessionsDir: options.sessionsDir,
  };
  const shownHost = isWildcardAddress(bindAddress) ? '127.0.0.1' : urlHost(bindAddress);
  if (!isLoopbackAddress(bindAddress)) {
    logger.warn(
      `listening on ${urlHost(bindAddress)}:${port}, reachable from other machines: anyone who ` +
        'can reach this address and has the token can change multipath settings, and plain ' +
        'HTTP does not hide the token from the network',
    );
  }
  logger.info(`listening on http://${urlHost(bindAddress)}:${port}/`);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    ...(options.metrics ? { metricsUrl: `http://${shownHost}:${port}${METRICS_PATH}` } : {}),
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
        });
        await hub.close();
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}

interface RequestContext {
  readonly host: Host;
  readonly token: string;
  readonly policy: HostPolicy;
  readonly logger: ServerLogger;
  readonly staticDir: string | undefined;
  readonly metrics: MetricsEndpoint | undefined;
  readonly sessionsDir: string | undefined;
}

async function onRequest(req: IncomingMessage, res: ServerResponse, ctx: RequestContext) {
  const target = parseTarget(req.url);
  if (target === null) {
    sendFailure(res, failure(400, 'bad-request', 'bad request target'), securityHeaders(undefined));
    return;
  }
  if (ctx.metrics !== undefined && target.pathname === METRICS_PATH) {
    // Off loopback Prometheus scrapes by the names in its own config, which the server cannot
    // know; the bearer token /metrics always wants is the guard there.
    const hostAllowed = (host: string | undefined) =>
      ctx.policy.kind === 'loopback' ? isAllowedHost(host, ctx.policy) : host !== undefined;
    await handleMetrics(req, res, { endpoint: ctx.metrics, hostAllowed, logger: ctx.logger });
  } else if (isApiPath(target.pathname)) await handleApi(req, res, target, ctx);
  else await handlePage(req, res, target, ctx);
}

function onUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ctx: RequestContext,
  hub: StreamHub,
): void {
  const target = parseTarget(req.url);
  if (target?.pathname !== STREAM_PATH) {
    refuseUpgrade(socket, failure(404, 'not-found', `the WebSocket is at ${STREAM_PATH}`));
    return;
  }
  const access = checkAccess(req.headers, ctx.policy, ctx.token, { token: true, mutating: true });
  if (!access.ok) {
    refuseUpgrade(socket, access.failure);
    return;
  }
  hub.accept(req, socket, head);
}

function checkBindAddress(address: string, allowNonLoopback: boolean): void {
  if (address.toLowerCase() !== 'localhost' && isIP(address) === 0) {
    throw new ServerStartError(
      `cannot listen on "${address}": give an IP address such as 127.0.0.1 or ::1 (or localhost)`,
    );
  }
  if (!isLoopbackAddress(address) && !allowNonLoopback) {
    throw new ServerStartError(
      `refusing to listen on ${address}: it is reachable from other machines, and anyone with ` +
        'the token could change multipath settings; pass --allow-remote if that is what you want',
    );
  }
}

/** Listens on `first`, or the next free port up to PORT_FALLBACKS after it (0: any port). */
async function listen(server: Server, address: string, first: number): Promise<number> {
  const last = first === 0 ? 0 : Math.min(first + PORT_FALLBACKS, 65_535);
  for (let port = first; port <= last; port++) {
    const outcome = await listenOnce(server, address, port);
    if (typeof outcome === 'number') return outcome;
    if (outcome.code !== 'EADDRINUSE') {
      throw new ServerStartError(
        `cannot listen on ${urlHost(address)}:${port}: ${outcome.message}`,
      );
    }
  }
  throw new ServerStartError(
    `ports ${first}–${last} on ${address} are all in use; pass --port N (or --port 0 for any free port)`,
  );
}

function listenOnce(
  server: Server,
  address: string,
  port: number,
): Promise<number | NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      resolve(err);
    };
    const onListening = () => {
      server.off('error', onError);
      const bound = server.address();
      resolve(typeof bound === 'object' && bound !== null ? bound.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host: address, port, exclusive: true });
  });
}
