// Parses the text of `ss -tinM` (iproute2): MPTCP sockets, and TCP sockets with the MPTCP subflow
// info of their ULP. A fallback where netlink FFI is unavailable, and an oracle for our decoders.
import { isIP } from 'node:net';
import { ParseError, quote } from './errors.js';
import { decodeMptcpInfo, decodeTcpInfo, tokenize } from './ss-info.js';
import type { DecodedInfo, InfoToken } from './ss-info.js';
import type {
  SsEndpoint,
  SsMptcpSocket,
  SsSocket,
  SsSocketBase,
  SsSocketKind,
  SsTcpSocket,
} from './ss-types.js';

export type * from './ss-types.js';

/** Options of parseSs. */
export interface SsParseOptions {
  /** Names the input in error messages; default 'ss -tinM'. */
  source?: string;
  /** Kind to assume when the output has no Netid column (`ss -tin` or `ss -Min`). */
  kind?: SsSocketKind;
}

interface Draft {
  kind: SsSocketKind;
  base: Omit<SsSocketBase, 'words' | 'extra' | 'process'>;
  tokens: InfoToken[];
  hasInfo: boolean;
}

const HEADER = /^(Netid\s+)?State\s+Recv-Q\s+Send-Q\b/;
const STATE = /^[A-Z][A-Z0-9_-]*$/;

/**
 * Parses `ss -tinM` / `ss -tinMH` / `ss -tinMa` / `ss -tinMO` output (also with -e, -p, -m)
 * into sockets, in the order printed. Throws ParseError naming the line for malformed input.
 */
export function parseSs(text: string, options: SsParseOptions = {}): SsSocket[] {
  const source = options.source ?? 'ss -tinM';
  const sockets: SsSocket[] = [];
  let draft: Draft | undefined;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] ?? '';
    const line = index + 1;
    if (raw.trim() === '') {
      // ss prints a lone tab as the info line of sockets that have no info (TIME-WAIT, listeners).
      if (draft && raw.length > 0) draft.hasInfo = true;
      continue;
    }
    if (/^\s/.test(raw)) {
      if (!draft) {
        throw new ParseError({ source, line, detail: `info line without a socket line before it` });
      }
      draft.hasInfo = true;
      for (const token of tokenize(raw)) draft.tokens.push({ text: token, line });
      continue;
    }
    if (HEADER.test(raw)) continue;
    if (draft) sockets.push(finish(draft, source));
    draft = startSocket(raw, line, source, options.kind);
  }
  if (draft) sockets.push(finish(draft, source));
  return sockets;
}

function startSocket(
  raw: string,
  line: number,
  source: string,
  defaultKind: SsSocketKind | undefined,
): Draft {
  const fail = (detail: string): never => {
    throw new ParseError({ source, line, detail });
  };
  const columns = tokenize(raw);
  const first = columns[0] ?? '';
  let kind: SsSocketKind;
  let at = 0;
  if (first === 'tcp' || first === 'mptcp') {
    kind = first;
    at = 1;
  } else if (STATE.test(first) && defaultKind) {
    kind = defaultKind;
  } else if (STATE.test(first)) {
    return fail(`no Netid column before state ${quote(first)}: pass options.kind`);
  } else {
    return fail(`expected Netid 'tcp' or 'mptcp', got ${quote(first)}`);
  }
  const [state, recvQ, sendQ, local, remote] = columns.slice(at, at + 5);
  if (state === undefined || remote === undefined || local === undefined) {
    return fail(`truncated socket line ${quote(raw)}: expected State Recv-Q Send-Q Local Peer`);
  }
  if (!STATE.test(state)) fail(`expected a socket state, got ${quote(state)}`);
  const queue = (name: string, value: string | undefined): number =>
    value !== undefined && /^\d{1,15}$/.test(value)
      ? Number(value)
      : fail(`${name}: expected a byte count, got ${quote(value ?? '')}`);
  const endpoint = (name: string, value: string): SsEndpoint =>
    parseSsEndpoint(value) ??
    fail(`${name}: expected a numeric ADDRESS:PORT (run ss with -n), got ${quote(value)}`);
  const base = {
    state,
    recvQ: queue('Recv-Q', recvQ),
    sendQ: queue('Send-Q', sendQ),
    local: endpoint('local address', local),
    remote: endpoint('peer address', remote),
    line,
  };
  // Anything after the peer column: -p/-e details, or the whole info with --oneline.
  const tokens = columns.slice(at + 5).map((text) => ({ text, line }));
  return { kind, base, tokens, hasInfo: tokens.length > 0 };
}

function finish(draft: Draft, source: string): SsSocket {
  const withDetails = (decoded: DecodedInfo<unknown>) => ({
    ...draft.base,
    words: decoded.words,
    extra: decoded.extra,
    ...(decoded.process === undefined ? {} : { process: decoded.process }),
  });
  if (draft.kind === 'mptcp') {
    const decoded = decodeMptcpInfo(draft.tokens, source);
    const socket: SsMptcpSocket = { kind: 'mptcp', ...withDetails(decoded) };
    if (draft.hasInfo) socket.info = decoded.info;
    return socket;
  }
  const decoded = decodeTcpInfo(draft.tokens, source);
  const socket: SsTcpSocket = { kind: 'tcp', ...withDetails(decoded) };
  if (draft.hasInfo) socket.info = decoded.info;
  if (decoded.ulp !== undefined) socket.ulp = decoded.ulp;
  if (decoded.subflow !== undefined) socket.subflow = decoded.subflow;
  return socket;
}

/**
 * Parses one address column of `ss -n`: '198.51.100.1:5201', '203.0.113.1%blue-c:33691',
 * '[2001:db8::1]:80', '[2001:db8:2::1]%blue-c:34571', '*:5201', '0.0.0.0:*', '[::]:*'.
 * Returns undefined when the text is not such an address.
 */
export function parseSsEndpoint(text: string): SsEndpoint | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  let port = 0;
  if (portText !== '*') {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) return undefined;
    port = Number(portText);
  }
  let address: string;
  let scope: string | undefined;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) return undefined;
    address = host.slice(1, close);
    const after = host.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith('%')) return undefined;
      scope = after.slice(1);
    }
    if (isIP(address) !== 6) return undefined;
  } else {
    const percent = host.indexOf('%');
    address = percent < 0 ? host : host.slice(0, percent);
    if (percent >= 0) scope = host.slice(percent + 1);
    // Older iproute2 printed IPv6 without brackets; the last colon still ends the address.
    if (address !== '*' && isIP(address) === 0) return undefined;
  }
  if (scope === undefined) return { address, port };
  if (scope === '') return undefined;
  return { address, port, interface: scope };
}
