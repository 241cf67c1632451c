// INET_DIAG_ULP_INFO of a TCP socket: the upper-layer protocol's name ("mptcp" marks an MPTCP
// subflow) and, for MPTCP, the nested MPTCP_SUBFLOW_ATTR_* (tokens, address ids, flags and —
// for CAP_NET_ADMIN only — the mapping's sequence numbers). Pure.
import { AttrWalker } from './wire.js';

const INET_ULP_INFO_NAME = 1;
const INET_ULP_INFO_MPTCP = 3;

const MPTCP_SUBFLOW_ATTR_TOKEN_REM = 1;
const MPTCP_SUBFLOW_ATTR_TOKEN_LOC = 2;
const MPTCP_SUBFLOW_ATTR_RELWRITE_SEQ = 3;
const MPTCP_SUBFLOW_ATTR_MAP_SEQ = 4;
const MPTCP_SUBFLOW_ATTR_MAP_SFSEQ = 5;
const MPTCP_SUBFLOW_ATTR_SSN_OFFSET = 6;
const MPTCP_SUBFLOW_ATTR_MAP_DATALEN = 7;
const MPTCP_SUBFLOW_ATTR_FLAGS = 8;
const MPTCP_SUBFLOW_ATTR_ID_REM = 9;
const MPTCP_SUBFLOW_ATTR_ID_LOC = 10;
const MPTCP_SUBFLOW_ATTR_PAD = 11;

/** Names of MPTCP_SUBFLOW_FLAG_* bits 0..8 (ss shows them as M m J j B b e c v). */
export type SubflowFlagName =
  | 'mcap-remote'
  | 'mcap-local'
  | 'join-remote'
  | 'join-local'
  | 'backup-remote'
  | 'backup-local'
  | 'fully-established'
  | 'connected'
  | 'map-valid';

export const SUBFLOW_FLAG_NAMES: readonly SubflowFlagName[] = [
  'mcap-remote',
  'mcap-local',
  'join-remote',
  'join-local',
  'backup-remote',
  'backup-local',
  'fully-established',
  'connected',
  'map-valid',
];

const FLAG_BKUP_REM = 1 << 4;
const FLAG_BKUP_LOC = 1 << 5;

/** An attribute we do not decode, kept as hex. */
export interface UnknownAttr {
  readonly type: number;
  readonly hex: string;
}

/** The MPTCP view of one subflow (a TCP socket with ULP "mptcp"). */
export interface SubflowUlpInfo {
  /** Token of the MPTCP connection on this host; equals MptcpInfo.token of its socket. */
  readonly tokenLocal?: number;
  /** The peer's token; 0 on the initial (MP_CAPABLE) subflow, where the kernel does not keep it. */
  readonly tokenRemote?: number;
  /** Address ids (0 = the initial subflow's addresses). */
  readonly localId?: number;
  readonly remoteId?: number;
  /** Raw MPTCP_SUBFLOW_FLAG_* bits. */
  readonly flagBits?: number;
  /** Names of the set bits, in bit order. */
  readonly flags: SubflowFlagName[];
  /** This host / the peer marked the subflow as backup (MP_PRIO or endpoint flag). */
  readonly backupLocal: boolean;
  readonly backupRemote: boolean;
  /** CAP_NET_ADMIN only: subflow sequence relative to the data-level write sequence. */
  readonly relWriteSeq?: number;
  /** CAP_NET_ADMIN only: current DSS mapping (64-bit data seq in hex, subflow seq, length). */
  readonly mapSeq?: string;
  readonly mapSubflowSeq?: number;
  readonly mapDataLen?: number;
  /** CAP_NET_ADMIN only: initial subflow sequence number. */
  readonly ssnOffset?: number;
  readonly unknown?: UnknownAttr[];
}

/** INET_DIAG_ULP_INFO decoded: the ULP's name and, when it is MPTCP, the subflow's state. */
export interface UlpInfo {
  readonly name?: string;
  /** Absent for listening subflows, which the kernel sends without MPTCP details. */
  readonly mptcp?: SubflowUlpInfo;
}

function decodeSubflowAttrs(view: DataView, start: number, end: number): SubflowUlpInfo {
  const w = new AttrWalker(view, start, end, 'INET_ULP_INFO_MPTCP');
  let tokenLocal: number | undefined;
  let tokenRemote: number | undefined;
  let localId: number | undefined;
  let remoteId: number | undefined;
  let flagBits: number | undefined;
  let relWriteSeq: number | undefined;
  let mapSeq: string | undefined;
  let mapSubflowSeq: number | undefined;
  let mapDataLen: number | undefined;
  let ssnOffset: number | undefined;
  let unknown: UnknownAttr[] | undefined;
  while (w.next()) {
    switch (w.type) {
      case MPTCP_SUBFLOW_ATTR_TOKEN_REM:
        tokenRemote = w.u32();
        break;
      case MPTCP_SUBFLOW_ATTR_TOKEN_LOC:
        tokenLocal = w.u32();
        break;
      case MPTCP_SUBFLOW_ATTR_RELWRITE_SEQ:
        relWriteSeq = w.u32();
        break;
      case MPTCP_SUBFLOW_ATTR_MAP_SEQ:
        mapSeq = w.u64Hex();
        break;
      case MPTCP_SUBFLOW_ATTR_MAP_SFSEQ:
        mapSubflowSeq = w.u32();
        break;
      case MPTCP_SUBFLOW_ATTR_SSN_OFFSET:
        ssnOffset = w.u32();
        break;
      case MPTCP_SUBFLOW_ATTR_MAP_DATALEN:
        mapDataLen = w.u16();
        break;
      case MPTCP_SUBFLOW_ATTR_FLAGS:
        flagBits = w.u32();
        break;
      case MPTCP_SUBFLOW_ATTR_ID_REM:
        remoteId = w.u8();
        break;
      case MPTCP_SUBFLOW_ATTR_ID_LOC:
        localId = w.u8();
        break;
      case MPTCP_SUBFLOW_ATTR_PAD:
        break;
      default:
        (unknown ??= []).push({ type: w.type, hex: w.hex() });
    }
  }
  const bits = flagBits ?? 0;
  const flags: SubflowFlagName[] = [];
  for (let i = 0; i < SUBFLOW_FLAG_NAMES.length; i++) {
    const name = SUBFLOW_FLAG_NAMES[i];
    if (name !== undefined && bits & (1 << i)) flags.push(name);
  }
  return {
    tokenLocal,
    tokenRemote,
    localId,
    remoteId,
    flagBits,
    flags,
    backupLocal: (bits & FLAG_BKUP_LOC) !== 0,
    backupRemote: (bits & FLAG_BKUP_REM) !== 0,
    relWriteSeq,
    mapSeq,
    mapSubflowSeq,
    mapDataLen,
    ssnOffset,
    unknown,
  };
}

/** Decodes the payload of INET_DIAG_ULP_INFO found at `view[start, end)`. */
export function decodeUlpInfoAt(view: DataView, start: number, end: number): UlpInfo {
  const w = new AttrWalker(view, start, end, 'INET_DIAG_ULP_INFO');
  let name: string | undefined;
  let mptcp: SubflowUlpInfo | undefined;
  while (w.next()) {
    if (w.type === INET_ULP_INFO_NAME) {
      name = w.isString('mptcp') ? 'mptcp' : w.string();
    } else if (w.type === INET_ULP_INFO_MPTCP) {
      mptcp = decodeSubflowAttrs(view, w.start, w.start + w.length);
    }
  }
  return { name, mptcp };
}

/** Decodes an INET_DIAG_ULP_INFO payload given as bytes. */
export const decodeUlpInfo = (bytes: Uint8Array): UlpInfo =>
  decodeUlpInfoAt(
    new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    0,
    bytes.byteLength,
  );
