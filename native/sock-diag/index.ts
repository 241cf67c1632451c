// Socket dumps through NETLINK_SOCK_DIAG: MPTCP sockets and their TCP subflows, what
// `ss -tinM` shows, without spawning ss. The public surface of native/sock-diag.
export { dumpMptcpSockets, dumpMptcpSubflows, dumpTcpSockets } from './dump.js';
export type { DumpOptions } from './dump.js';
export { decodeMptcpSocket, decodeMptcpSubflow, decodeTcpSocket } from './records.js';
export type { MptcpSocketRecord, SocketAttributes, TcpSocketRecord } from './records.js';
export { decodeInetDiagHead, tcpStateName } from './inet-diag-msg.js';
export type { InetSocketHead, SocketEndpoint, TcpStateName } from './inet-diag-msg.js';
export { decodeMptcpInfo } from './mptcp-info.js';
export type { MptcpInfo } from './mptcp-info.js';
export { decodeTcpInfo } from './tcp-info.js';
export type { TcpInfo } from './tcp-info.js';
export { decodeUlpInfo, SUBFLOW_FLAG_NAMES } from './subflow-ulp.js';
export type { SubflowFlagName, SubflowUlpInfo, UlpInfo, UnknownAttr } from './subflow-ulp.js';
export {
  ALL_STATES,
  DEFAULT_EXTENSIONS,
  encodeInetDiagRequest,
  extBit,
  IPPROTO_MPTCP,
  IPPROTO_TCP,
  SOCK_DIAG_BY_FAMILY,
} from './request.js';
export type { InetDiagRequest } from './request.js';
