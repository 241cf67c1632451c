// Pure readers of iperf3's JSON report and of `ss` socket lists, as the lab uses them.
import { z } from 'zod';
import { LabOutputError } from './lab-errors.js';
import { parseJson } from './lab-parse.js';

/** What one iperf3 test moved. */
export interface IperfSummary {
  /** Bytes the receiver got. */
  readonly bytes: number;
  /** Bytes the sender sent. */
  readonly sentBytes: number;
  /** Receiver's throughput, in bits per second. */
  readonly bitsPerSecond: number;
  /** Length of the test as the receiver measured it, in seconds. */
  readonly seconds: number;
  /** TCP retransmissions reported by the sender, null when it did not report them. */
  readonly retransmits: number | null;
}

const iperfSum = z.object({
  bytes: z.number(),
  bits_per_second: z.number(),
  seconds: z.number(),
  retransmits: z.number().optional(),
});

const iperfReport = z.object({
  error: z.string().optional(),
  end: z.object({ sum_sent: iperfSum.optional(), sum_received: iperfSum.optional() }).optional(),
});

/**
 * Reads `iperf3 -J` output. Returns the summary, or `{ error }` when iperf3 reported a failure
 * (it prints JSON with an `error` member then).
 */
export function parseIperfReport(text: string): IperfSummary | { readonly error: string } {
  const report = parseJson('iperf3 -J', text, iperfReport);
  if (report.error !== undefined) return { error: report.error };
  const sent = report.end?.sum_sent;
  const received = report.end?.sum_received;
  if (sent === undefined || received === undefined) {
    throw new LabOutputError('iperf3 -J', 'no end.sum_sent / end.sum_received');
  }
  return {
    bytes: received.bytes,
    sentBytes: sent.bytes,
    bitsPerSecond: received.bits_per_second,
    seconds: received.seconds,
    retransmits: sent.retransmits ?? null,
  };
}

/** One side of a socket as `ss -n` prints it. */
export interface SsEndpoint {
  /** Address without brackets or `%interface`. */
  readonly address: string;
  /** Port, 0 for `*`. */
  readonly port: number;
  /** Interface the socket is bound to (the `%dev` suffix), if any. */
  readonly interface: string | null;
}

/** One socket of `ss -Hn` output (with `-i`, its info line too). */
export interface SsSocket {
  /** State column, e.g. `ESTAB`. */
  readonly state: string;
  /** Local end. */
  readonly local: SsEndpoint;
  /** Peer end. */
  readonly peer: SsEndpoint;
  /** The indented info line printed with `-i`, trimmed; '' without `-i`. */
  readonly info: string;
}

/** Reads `198.51.100.1:59416`, `203.0.113.1%blue-c:32801`, `[2001:db8::1]:80`, `*:*`. */
export function parseSsEndpoint(text: string): SsEndpoint {
  const colon = text.lastIndexOf(':');
  if (colon < 0) throw new LabOutputError('ss', `"${text}" is not address:port`);
  const portText = text.slice(colon + 1);
  const port = portText === '*' ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new LabOutputError('ss', `bad port in "${text}"`);
  }
  let host = text.slice(0, colon);
  let iface: string | null = null;
  const percent = host.indexOf('%');
  if (percent >= 0) {
    iface = host.slice(percent + 1).replace(/\]$/, '');
    host = host.slice(0, percent) + (host.startsWith('[') ? ']' : '');
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { address: host, port, interface: iface };
}

/** Reads `ss -Hn[i]` output without a state filter (so the first column is the state). */
export function parseSsSockets(text: string): SsSocket[] {
  const sockets: SsSocket[] = [];
  let last: { state: string; local: SsEndpoint; peer: SsEndpoint; info: string } | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) {
      if (last !== undefined) last.info = `${last.info} ${line.trim()}`.trim();
      continue;
    }
    const fields = line.trim().split(/\s+/);
    const [state, , , local, peer] = fields;
    if (state === undefined || local === undefined || peer === undefined) {
      throw new LabOutputError('ss', `too few columns in "${line.trim()}"`);
    }
    last = { state, local: parseSsEndpoint(local), peer: parseSsEndpoint(peer), info: '' };
    sockets.push(last);
  }
  return sockets;
}

/** Subflows of an MPTCP socket from its `ss -Mi` info: the initial one plus `subflows:N`. */
export function mptcpSubflowCount(info: string): number {
  const match = /(?:^|\s)subflows:(\d+)/.exec(info);
  return 1 + (match?.[1] === undefined ? 0 : Number(match[1]));
}
