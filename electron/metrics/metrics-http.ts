// The Prometheus endpoint, GET /metrics: the same handler on the server's main port (with
// --metrics) and on a listener of its own (metrics-listener.ts). Host check first, then the
// metrics token when there is one, then the exposition text.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, tokensEqual } from '../http/auth.js';
import { failure, securityHeaders, sendFailure } from '../http/http-io.js';
import type { ServerLogger } from '../http/logger.js';

/** Path of the Prometheus metrics, on the main port (with --metrics) or a listener of its own. */
export const METRICS_PATH = '/metrics';

/** The Prometheus endpoint: what it serves and the token it wants. */
export interface MetricsEndpoint {
  /**
   * Accepted only as "Authorization: Bearer TOKEN" (Prometheus cannot take part in the
   * cookie handover); null on a plain listener of its own that needs none.
   */
  readonly token: string | null;
  /** The exposition text and its Content-Type. */
  render(): Promise<{ readonly contentType: string; readonly body: string }>;
}

/** What {@link handleMetrics} needs from the listener it runs on. */
export interface MetricsContext {
  readonly endpoint: MetricsEndpoint;
  /** Whether a Host header names this listener (the DNS-rebinding defence). */
  readonly hostAllowed: (host: string | undefined) => boolean;
  readonly logger: ServerLogger;
}

/** The message of a 401 on /metrics: how to send the metrics token. */
export const METRICS_UNAUTHORIZED_MESSAGE =
  'missing or wrong metrics token: send the metrics token `subflow serve` printed in an ' +
  '"Authorization: Bearer TOKEN" header (Prometheus: authorization.credentials in the scrape config)';

/** Answers GET/HEAD /metrics: Host (403), token when there is one (401), then the exposition. */
export async function handleMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: MetricsContext,
): Promise<void> {
  const host = req.headers.host;
  if (!ctx.hostAllowed(host)) {
    const shown = host === undefined ? 'no Host header' : `Host "${host.slice(0, 100)}"`;
    const message = `${shown} is not this server's address; scrape the address it printed`;
    sendFailure(res, failure(403, 'unauthorized', message), securityHeaders(undefined));
    return;
  }
  const headers = securityHeaders(host);
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    const message = `${METRICS_PATH} answers GET only, not ${method.slice(0, 20)}`;
    sendFailure(res, failure(405, 'bad-request', message), { ...headers, Allow: 'GET, HEAD' });
    return;
  }
  const token = ctx.endpoint.token;
  const bearer = bearerToken(req.headers.authorization);
  if (token !== null && (bearer === undefined || !tokensEqual(bearer, token))) {
    sendFailure(res, failure(401, 'unauthorized', METRICS_UNAUTHORIZED_MESSAGE), {
      ...headers,
      'WWW-Authenticate': 'Bearer realm="subflow metrics"',
    });
    return;
  }
  let exposition: { readonly contentType: string; readonly body: string };
  try {
    exposition = await ctx.endpoint.render();
  } catch (err) {
    ctx.logger.error(`rendering the metrics: ${String(err)}`);
    sendFailure(res, failure(500, 'internal', 'the metrics could not be rendered; see the log'));
    return;
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': exposition.contentType,
    'Content-Length': Buffer.byteLength(exposition.body),
    'Cache-Control': 'no-store',
  });
  res.end(method === 'HEAD' ? undefined : exposition.body);
}
