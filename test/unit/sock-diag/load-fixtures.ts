// Loads the sock_diag captures of test/fixtures/capture/sock-diag.ts for the unit tests: the
// SOCK_DIAG_BY_FAMILY payloads of every datagram of one dump, decoded or raw, and the `ss -tinMH`
// text taken at the same moment.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMessages } from '../../../native/netlink/message.js';
import { decodeMptcpSocket, decodeTcpSocket } from '../../../native/sock-diag/records.js';
import type { MptcpSocketRecord, TcpSocketRecord } from '../../../native/sock-diag/records.js';
import { SOCK_DIAG_BY_FAMILY } from '../../../native/sock-diag/request.js';

/** Directory of the captured datagrams (`<dump>-<n>.bin`) and ss text (`<name>.ss.txt`). */
export const SOCK_DIAG_FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'sock-diag');

/** Payloads of the SOCK_DIAG_BY_FAMILY messages of every datagram of one captured dump. */
export function payloads(dump: string): Uint8Array[] {
  const files = readdirSync(SOCK_DIAG_FIXTURES)
    .filter((f) => new RegExp(`^${dump}-\\d+\\.bin$`).test(f))
    .sort();
  if (files.length === 0) throw new Error(`no captured datagrams for ${dump}`);
  return files.flatMap((f) =>
    parseMessages(new Uint8Array(readFileSync(join(SOCK_DIAG_FIXTURES, f))))
      .filter((m) => m.type === SOCK_DIAG_BY_FAMILY)
      .map((m) => m.payload),
  );
}

/** One captured MPTCP dump, decoded. */
export const mptcp = (dump: string): MptcpSocketRecord[] => payloads(dump).map(decodeMptcpSocket);

/** One captured TCP dump, decoded. */
export const tcp = (dump: string): TcpSocketRecord[] => payloads(dump).map(decodeTcpSocket);

/** The `ss -tinMH` text captured with a dump (`client-v4`, `server-mapped`, …). */
export const ssText = (name: string): string =>
  readFileSync(join(SOCK_DIAG_FIXTURES, `${name}.ss.txt`), 'utf8');
