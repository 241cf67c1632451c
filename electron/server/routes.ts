// The REST face of the Host: each /api route maps onto one contract request. Access is checked
// before the route is even looked up, so unknown paths tell an unauthenticated caller nothing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestName } from '../contract.js';
import type { Host } from '../host/host.js';
import type { HostPolicy } from '../http/auth.js';
import { checkAccess } from '../http/auth.js';
import { dispatch } from './dispatch.js';
import type { Target } from '../http/http-io.js';
import {
  failure,
  readJsonBody,
  securityHeaders,
  sendFailure,
  sendJson,
  sendResult,
} from '../http/http-io.js';
import type { ServerLogger } from '../http/logger.js';
import { handleReportDownload } from '../report/report-download.js';
import { REPORTS_URL_PREFIX } from '../report/report-handlers.js';
import { STREAM_PATH } from './stream.js';

/** What the API routes need from the server. */
export interface ApiContext {
  readonly host: Host;
  readonly token: string;
  readonly policy: HostPolicy;
  readonly logger: ServerLogger;
  /** Where report downloads come from (its reports/ folder), when the host records sessions. */
  readonly sessionsDir?: string | undefined;
}

type ArgsSource =
  | { readonly from: 'none' }
  | { readonly from: 'query'; readonly read: (query: URLSearchParams) => unknown }
  | { readonly from: 'body' };

interface Route {
  readonly method: 'GET' | 'POST';
  /** The contract request it runs, or null for /api/health. */
  readonly request: RequestName | null;
  readonly args: ArgsSource;
}

const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['/api/health', { method: 'GET', request: null, args: { from: 'none' } }],
  ['/api/snapshot', { method: 'GET', request: 'snapshot:get', args: { from: 'none' } }],
  ['/api/events', { method: 'GET', request: 'events:list', args: { from: 'query', read: since } }],
  ['/api/multipath', { method: 'POST', request: 'multipath:set', args: { from: 'body' } }],
  [
    '/api/multipath/forget',
    { method: 'POST', request: 'multipath:forget', args: { from: 'body' } },
  ],
  ['/api/monitor', { method: 'POST', request: 'monitor:configure', args: { from: 'body' } }],
  ['/api/limits', { method: 'POST', request: 'limits:set', args: { from: 'body' } }],
]);

/** `?since=MS` as the arguments of events:list; a non-numeric value is left for validation. */
function since(query: URLSearchParams): unknown {
  const raw = query.get('since');
  if (raw === null) return {};
  return { since: /^[0-9]+(\.[0-9]+)?$/.test(raw) ? Number(raw) : raw };
}

/** Whether a path belongs to the API (and so answers JSON, never a page). */
export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

/** Answers one /api request (every path under /api but the WebSocket's). */
export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  target: Target,
  ctx: ApiContext,
): Promise<void> {
  const route = ROUTES.get(target.pathname);
  const method = req.method ?? 'GET';
  const access = checkAccess(req.headers, ctx.policy, ctx.token, {
    token: route?.request !== null,
    mutating: method !== 'GET' && method !== 'HEAD',
  });
  if (!access.ok) {
    sendFailure(res, access.failure, securityHeaders(undefined));
    return;
  }
  const headers = securityHeaders(access.host);
  if (route === undefined && target.pathname === STREAM_PATH) {
    const message = `${STREAM_PATH} is a WebSocket: connect with ws://${access.host}${STREAM_PATH}`;
    sendFailure(res, failure(426, 'bad-request', message), { ...headers, Upgrade: 'websocket' });
    return;
  }
  if (
    route === undefined &&
    ctx.sessionsDir !== undefined &&
    target.pathname.startsWith(REPORTS_URL_PREFIX)
  ) {
    await handleReportDownload(req, res, ctx.sessionsDir);
    return;
  }
  if (route === undefined) {
    const known = [...ROUTES].map(([path, r]) => `${r.method} ${path}`).join(', ');
    sendFailure(
      res,
      failure(404, 'not-found', `no API route ${target.pathname}; routes: ${known}`),
      headers,
    );
    return;
  }
  if (method !== route.method) {
    const message = `${target.pathname} answers ${route.method} only, not ${method.slice(0, 20)}`;
    sendFailure(res, failure(405, 'bad-request', message), { ...headers, Allow: route.method });
    return;
  }
  if (route.request === null) {
    sendJson(res, 200, { ok: true }, headers);
    return;
  }
  let args: unknown = {};
  if (route.args.from === 'query') args = route.args.read(target.query);
  if (route.args.from === 'body') {
    const body = await readJsonBody(req);
    if (!body.ok) {
      sendFailure(res, body.failure, { ...headers, Connection: 'close' });
      return;
    }
    args = body.value;
  }
  sendResult(res, await dispatch(ctx.host, route.request, args, ctx.logger), headers);
}
