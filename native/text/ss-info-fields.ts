// The numeric fields of `ss -i` info and how each value is read (units, rates like 12Mbps,
// durations like 16ms). Data for ss-info.ts, which decodes the tokens.
import type { SsMptcpInfo, SsTcpInfo } from './ss-types.js';

type NumberField<T> = { [K in keyof T]-?: NonNullable<T[K]> extends number ? K : never }[keyof T];
export type Reader = (value: string) => number | undefined;

export const uint: Reader = (v) => (/^\d{1,20}$/.test(v) ? Number(v) : undefined);
export const real: Reader = (v) => (/^\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v) ? Number(v) : undefined);
export const millis: Reader = (v) => uint(v.endsWith('ms') ? v.slice(0, -2) : '-');
const SCALE: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };
export const rate: Reader = (v) => {
  const m = /^(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)([KMGT]?)bps$/.exec(v);
  return m ? Number(m[1]) * (SCALE[m[2] ?? ''] ?? 1) : undefined;
};

/** TCP info keys read as one number: the field, how to read it, what it should look like. */
export const TCP_FIELDS = new Map<string, readonly [NumberField<SsTcpInfo>, Reader, string]>([
  ['rto', ['rtoMs', real, 'milliseconds']],
  ['ato', ['atoMs', real, 'milliseconds']],
  ['minrtt', ['minRttMs', real, 'milliseconds']],
  ['rcv_rtt', ['rcvRttMs', real, 'milliseconds']],
  ['mss', ['mss', uint, 'a byte count']],
  ['pmtu', ['pmtu', uint, 'a byte count']],
  ['rcvmss', ['rcvMss', uint, 'a byte count']],
  ['advmss', ['advMss', uint, 'a byte count']],
  ['cwnd', ['cwnd', uint, 'a segment count']],
  ['ssthresh', ['ssthresh', uint, 'a segment count']],
  ['bytes_sent', ['bytesSent', uint, 'a byte count']],
  ['bytes_retrans', ['bytesRetrans', uint, 'a byte count']],
  ['bytes_acked', ['bytesAcked', uint, 'a byte count']],
  ['bytes_received', ['bytesReceived', uint, 'a byte count']],
  ['segs_out', ['segsOut', uint, 'a segment count']],
  ['segs_in', ['segsIn', uint, 'a segment count']],
  ['data_segs_out', ['dataSegsOut', uint, 'a segment count']],
  ['data_segs_in', ['dataSegsIn', uint, 'a segment count']],
  ['lastsnd', ['lastSendMs', uint, 'milliseconds']],
  ['lastrcv', ['lastReceiveMs', uint, 'milliseconds']],
  ['lastack', ['lastAckMs', uint, 'milliseconds']],
  ['send', ['sendBps', rate, 'a rate like 1612962025bps']],
  ['delivery_rate', ['deliveryRateBps', rate, 'a rate like 1612962025bps']],
  ['busy', ['busyMs', millis, 'a duration like 1644ms']],
  ['delivered', ['delivered', uint, 'a segment count']],
  ['unacked', ['unacked', uint, 'a segment count']],
  ['lost', ['lost', uint, 'a segment count']],
  ['sacked', ['sacked', uint, 'a segment count']],
  ['reordering', ['reordering', uint, 'a segment count']],
  ['rcv_space', ['rcvSpace', uint, 'a byte count']],
  ['rcv_ssthresh', ['rcvSsthresh', uint, 'a byte count']],
  ['snd_wnd', ['sndWnd', uint, 'a byte count']],
  ['notsent', ['notSent', uint, 'a byte count']],
]);

/** The same for MPTCP socket info. */
export const MPTCP_FIELDS = new Map<string, readonly [NumberField<SsMptcpInfo>, Reader, string]>([
  ['subflows', ['subflows', uint, 'a count']],
  ['add_addr_signal', ['addAddrSignal', uint, 'a count']],
  ['add_addr_accepted', ['addAddrAccepted', uint, 'a count']],
  ['subflows_max', ['subflowsMax', uint, 'a count']],
  ['add_addr_signal_max', ['addAddrSignalMax', uint, 'a count']],
  ['add_addr_accepted_max', ['addAddrAcceptedMax', uint, 'a count']],
  ['bytes_sent', ['bytesSent', uint, 'a byte count']],
  ['bytes_retrans', ['bytesRetrans', uint, 'a byte count']],
  ['bytes_received', ['bytesReceived', uint, 'a byte count']],
  ['bytes_acked', ['bytesAcked', uint, 'a byte count']],
  ['subflows_total', ['subflowsTotal', uint, 'a count']],
  ['last_data_sent', ['lastDataSentMs', uint, 'milliseconds']],
  ['last_data_recv', ['lastDataRecvMs', uint, 'milliseconds']],
  ['last_ack_recv', ['lastAckRecvMs', uint, 'milliseconds']],
]);
