// Pointing the app at a headless agent (`subflow serve` running with CAP_NET_ADMIN):
// SUBFLOW_AGENT_URL is the URL the agent printed (http://HOST:PORT/?token=…); the app talks to
// its WebSocket with the same stream messages the helper uses, the token in an Authorization
// header (the agent refuses a cookie-less, Origin-less upgrade without one).
import { subflowCommand } from '../../native/invocation.js';
import WebSocket from 'ws';
import { STREAM_PATH } from '../contract.js';
import type { RemoteHost } from './remote-host.js';
import { createRemoteHost } from './remote-host.js';
import { MAX_ANSWER_LINE_BYTES } from './wire.js';

/** Where and how to reach an agent. */
export interface AgentTarget {
  /** ws:// or wss:// URL of the agent's stream. */
  readonly streamUrl: string;
  readonly token: string;
  /** The agent's address without the token, for messages. */
  readonly display: string;
}

/** Reads SUBFLOW_AGENT_URL; the message says what is wrong with it. */
export function parseAgentUrl(
  text: string,
): { ok: true; target: AgentTarget } | { ok: false; message: string } {
  const hint = 'set it to the URL subflow serve printed (http://HOST:PORT/?token=…)';
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, message: `SUBFLOW_AGENT_URL is not a URL; ${hint}` };
  }
  const token = url.searchParams.get('token');
  const target = targetOf(url.href, token ?? '');
  if (!target.ok) return { ok: false, message: `SUBFLOW_AGENT_URL ${target.message}; ${hint}` };
  return target;
}

/**
 * The target for an agent's address `url` (http, https, ws or wss; path and query ignored) and
 * its token; the message ("has …") says what is wrong.
 */
export function targetOf(
  text: string,
  token: string,
): { ok: true; target: AgentTarget } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, message: 'is not a URL' };
  }
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    return {
      ok: false,
      message: `has the scheme ${url.protocol.slice(0, 20)} (http or https expected)`,
    };
  }
  if (token === '') return { ok: false, message: 'has no ?token=…' };
  const base = url.host;
  return {
    ok: true,
    target: {
      streamUrl: `${secure ? 'wss' : 'ws'}://${base}${STREAM_PATH}`,
      token,
      display: `${secure ? 'https' : 'http'}://${base}/`,
    },
  };
}

/** What to tell the person when the agent refuses the token or does not listen. */
export interface AgentAdvice {
  /** After "refused the token: ". */
  readonly token: string;
  /** After "is not listening: ". */
  readonly start: string;
}

/** For an agent named by SUBFLOW_AGENT_URL: a `subflow serve` someone started by hand. */
export const urlAdvice = (): AgentAdvice => ({
  token: 'copy the whole URL subflow serve printed',
  start: `start it (sudo ${subflowCommand()} serve) or check the port`,
});

/** For the `subflow agent` service its rendezvous file announced. */
export const SERVICE_ADVICE: AgentAdvice = {
  token: 'restart it (sudo systemctl restart subflow-agent) so its file and token agree',
  start: 'start it (sudo systemctl start subflow-agent)',
};

/** Connects to the agent; rejects with a sentence saying what went wrong and what to do. */
export function connectAgent(
  target: AgentTarget,
  log?: (line: string) => void,
  advice: AgentAdvice = urlAdvice(),
): Promise<RemoteHost> {
  return new Promise((resolve, reject) => {
    let opened = false;
    const remote = createRemoteHost(
      (events) => {
        const ws = new WebSocket(target.streamUrl, {
          headers: { Authorization: `Bearer ${target.token}` },
          maxPayload: MAX_ANSWER_LINE_BYTES,
          perMessageDeflate: false,
        });
        let failure: string | null = null;
        ws.on('open', () => {
          opened = true;
          resolve(remote);
        });
        ws.on('message', (data: WebSocket.RawData, binary: boolean) => {
          if (!binary) events.onMessage(rawText(data));
        });
        ws.on('unexpected-response', (_req, res) => {
          failure = refusal(target, res.statusCode ?? 0, advice);
          res.resume();
          ws.terminate();
        });
        ws.on('error', (err: NodeJS.ErrnoException) => {
          failure ??= unreachable(err, advice);
        });
        ws.on('close', (code, reason) => {
          const why =
            failure ??
            `closed the connection (${code}${reason.length ? ` ${reason.toString()}` : ''})`;
          events.onClose(code === 1000 && failure === null ? null : why);
          if (!opened) reject(new Error(`the agent at ${target.display} ${why}`));
        });
        return {
          send(text) {
            ws.send(text);
          },
          close() {
            ws.close(1000, 'app closing');
          },
        };
      },
      { peer: `the agent at ${target.display}`, ...(log ? { log } : {}) },
    );
  });
}

function refusal(target: AgentTarget, status: number, advice: AgentAdvice): string {
  if (status === 401) return `refused the token: ${advice.token}`;
  if (status === 403) {
    return `refused the connection (403): use the address it printed, not ${target.display}`;
  }
  return `answered HTTP ${status} instead of opening the stream; is it subflow serve?`;
}

function unreachable(err: NodeJS.ErrnoException, advice: AgentAdvice): string {
  if (err.code === 'ECONNREFUSED') return `is not listening: ${advice.start}`;
  return `cannot be reached (${err.code ?? err.message})`;
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
