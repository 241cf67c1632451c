// A server on a FakeHost for each test of the HTTP suites: started before each test, closed after,
// with a quiet logger and a JSON POST helper that carries the bearer token.
import { afterEach, beforeEach } from 'vitest';
import type { ServerLogger } from '../../../electron/http/logger.js';
import type { RunningServer } from '../../../electron/server/server.js';
import { startServer } from '../../../electron/server/server.js';
import { FakeHost, rawRequest } from './fake-host.js';
import type { RawResponse } from './fake-host.js';

/** A logger that drops everything. */
export const QUIET_LOGGER: ServerLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The current test's server; read it inside a test (between beforeEach and afterEach). */
export interface TestServer {
  /** The fake host behind the server. */
  readonly host: FakeHost;
  readonly server: RunningServer;
  /** `http://127.0.0.1:PORT`. */
  readonly base: string;
  /** POSTs `body` as application/json with the bearer token, plus `headers`. */
  readonly post: (
    path: string,
    body: string,
    headers?: Record<string, string>,
  ) => Promise<RawResponse>;
}

/** Starts a server with `token` on a fresh FakeHost before each test and closes it after. */
export function serverPerTest(token: string): TestServer {
  let current: { host: FakeHost; server: RunningServer } | undefined;
  beforeEach(async () => {
    const host = new FakeHost();
    current = { host, server: await startServer({ host, port: 0, token, logger: QUIET_LOGGER }) };
  });
  afterEach(async () => {
    await current?.server.close();
    current = undefined;
  });
  const now = (): { host: FakeHost; server: RunningServer } => {
    if (current === undefined) throw new Error('the test server runs only inside a test');
    return current;
  };
  return {
    get host() {
      return now().host;
    },
    get server() {
      return now().server;
    },
    get base() {
      return `http://127.0.0.1:${String(now().server.port)}`;
    },
    post: (path, body, headers = {}) =>
      rawRequest({
        port: now().server.port,
        path,
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          ...headers,
        },
      }),
  };
}
