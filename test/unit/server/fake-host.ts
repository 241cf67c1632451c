// Test doubles for the headless server: a Host with a canned Snapshot, a manual tick() and a
// record of every call, plus a raw HTTP client that can send any Host/Origin/path it likes.
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type {
  ActionOrigin,
  RequestName,
  RequestResult,
  Result,
  Snapshot,
  TickUpdate,
} from '../../../electron/contract.js';
import type { Host, HostPush } from '../../../electron/host/host.js';
import { validateRequest } from '../../../electron/validation.js';

/** A small but complete Snapshot: one interface, one connection with two subflows. */
export const SNAPSHOT: Snapshot = {
  time: 1_700_000_000_000,
  netns: null,
  privileged: true,
  hostname: 'lab',
  intervalMs: 1000,
  kernel: { release: '6.8.0', mptcp: 'upstream', enabled: true, pathManager: 'kernel' },
  limits: { subflows: 2, addAddrAccepted: 2 },
  endpoints: [{ id: 1, address: '198.51.100.1', interface: 'eth0', flags: ['subflow'] }],
  interfaces: [
    {
      name: 'eth0',
      ifindex: 2,
      up: true,
      addresses: ['198.51.100.1'],
      rxBytes: 1000,
      txBytes: 2000,
      rxRate: 10,
      txRate: 20,
      multipath: 'on',
    },
  ],
  connections: [],
};

type Responder<K extends RequestName> = (args: unknown) => Result<RequestResult<K>>;

/** A Host whose answers are canned (and replaceable), and whose ticks are driven by tick(). */
export class FakeHost implements Host {
  readonly calls: { name: RequestName; args: unknown }[] = [];
  /** The origin each call came with, in call order (the transport that carried it). */
  readonly origins: (ActionOrigin | undefined)[] = [];
  readonly listeners = new Set<(push: HostPush) => void>();
  subscribeCount = 0;
  /** When set, invoke throws this instead of answering. */
  throwOnInvoke: Error | null = null;

  readonly responders: { [K in RequestName]?: Responder<K> } = {
    'snapshot:get': () => ({ ok: true, value: SNAPSHOT }),
    'events:list': () => ({
      ok: true,
      value: [{ time: SNAPSHOT.time, type: 'created', source: 'kernel', token: '0a0b0c0d' }],
    }),
    'multipath:set': (args) => {
      const { interface: name, mode } = args as {
        interface: string;
        mode: 'on' | 'off' | 'backup';
      };
      return { ok: true, value: { interface: name, mode, endpoints: [], notes: [] } };
    },
    'limits:set': (args) => ({
      ok: true,
      value: { subflows: 2, addAddrAccepted: 0, ...(args as object) },
    }),
    'monitor:configure': (args) => ({
      ok: true,
      value: { intervalMs: (args as { intervalMs?: number }).intervalMs ?? 1000, paused: false },
    }),
  };

  invoke<K extends RequestName>(
    name: K,
    args: unknown,
    origin?: ActionOrigin,
  ): Promise<Result<RequestResult<K>>> {
    // A Host validates its requests (Host.invoke is the one place that does): so does this one.
    const valid = validateRequest(name, args);
    if (!valid.ok) return Promise.resolve(valid);
    this.calls.push({ name, args });
    this.origins.push(origin);
    if (this.throwOnInvoke) return Promise.reject(this.throwOnInvoke);
    const responder = this.responders[name];
    if (!responder) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unavailable', message: `${name} is not canned in FakeHost` },
      });
    }
    return Promise.resolve(responder(args));
  }

  subscribe(listener: (push: HostPush) => void): () => void {
    this.subscribeCount++;
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Delivers one tick to every subscriber. */
  tick(update: TickUpdate = { snapshot: SNAPSHOT, events: [] }): void {
    for (const listener of this.listeners) listener({ name: 'onTick', payload: update });
  }

  callsOf(name: RequestName): unknown[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.args);
  }
}

/** A response read to the end. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Options of {@link rawRequest}: `path` is sent exactly as given (no normalization). */
export interface RawRequest {
  readonly port: number;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** A string or a list of chunks (sent chunked, without Content-Length). */
  readonly body?: string | readonly string[];
}

/** Sends one HTTP request with exactly the given path and headers (Host defaults to 127.0.0.1). */
export function rawRequest(options: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      host: `127.0.0.1:${options.port}`,
      ...options.headers,
    };
    if (typeof options.body === 'string') {
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (Array.isArray(options.body)) for (const chunk of options.body) req.write(chunk);
    else if (typeof options.body === 'string') req.write(options.body);
    req.end();
  });
}

/** The body of a response as a Result. */
export function resultOf(response: RawResponse): Result<unknown> {
  return JSON.parse(response.body) as Result<unknown>;
}
