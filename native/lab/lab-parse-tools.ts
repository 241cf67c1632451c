// Pure readers of iperf3's JSON report and of `ss` socket lists, as the lab uses them.
import { z } from 'zod';
import { parseSs } from '../text/ss-parser.js';
import type { SsSocket, SsSocketKind } from '../text/ss-parser.js';
import { LabOutputError } from './lab-errors.js';
import { asLabOutput, parseJson } from './lab-parse.js';

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

/** Reads `ss -Hn…` output of one socket kind with native/text's parser (the lab's own `ss`
 * reader would be a second copy of it); malformed output becomes a LabOutputError. */
export function readSs(what: string, text: string, kind: SsSocketKind): SsSocket[] {
  return asLabOutput(what, () => parseSs(text, { source: what, kind }));
}
