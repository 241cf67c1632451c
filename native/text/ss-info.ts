// Decodes the info tokens `ss -i` prints for a socket: TCP info with the MPTCP subflow details of
// `tcp-ulp-mptcp`, and MPTCP socket info. Helper of ss-parser.ts; pure string-in, data-out.
import { ParseError, quote } from './errors.js';
import { MPTCP_FIELDS, TCP_FIELDS, rate, real, uint } from './ss-info-fields.js';
import type { Reader } from './ss-info-fields.js';
import type { SsMptcpInfo, SsSubflowFlags, SsSubflowInfo, SsTcpInfo } from './ss-types.js';

/** One whitespace-separated token of ss output and the 1-based line it came from. */
export interface InfoToken {
  text: string;
  line: number;
}

/** What decoding the info tokens of one socket yields. */
export interface DecodedInfo<T> {
  info: T;
  words: string[];
  extra: Record<string, string>;
  process?: string;
}

export interface DecodedTcpInfo extends DecodedInfo<SsTcpInfo> {
  ulp?: string;
  subflow?: SsSubflowInfo;
}

type Fail = (detail: string) => never;

/** Bare words ss prints before the congestion algorithm's name, or with -e. */
const OPTION_WORDS = new Set(['ts', 'sack', 'ecn', 'ecnseen', 'fastopen', 'app_limited', 'bidir']);
/** Keys whose value ss prints after a space instead of a colon. */
const SPACED_KEYS = new Set(['send', 'pacing_rate', 'delivery_rate']);
const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const FLAG_LETTERS: Record<string, keyof SsSubflowFlags> = {
  M: 'mpCapableRemote',
  m: 'mpCapableLocal',
  J: 'joinRemote',
  j: 'joinLocal',
  B: 'backupRemote',
  b: 'backupLocal',
  e: 'fullyEstablished',
  c: 'connected',
  v: 'mapValid',
};
const SUBFLOW_TOKENS = /^([0-9a-f]{1,8})\(id:(\d{1,3})\)\/([0-9a-f]{1,8})\(id:(\d{1,3})\)$/i;
const SEQUENCE = /^[0-9a-f]{1,20}$/i;

/** Splits a line on whitespace, keeping `(...)` groups and `"..."` strings whole. */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (const ch of line) {
    if (quoted) {
      current += ch;
      if (ch === '"') quoted = false;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
    if (depth === 0 && /\s/.test(ch)) {
      if (current !== '') tokens.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current !== '') tokens.push(current);
  return tokens;
}

/** Normalizes a token printed in hex ('12d188cf', '0000') to 8 lowercase hex digits. */
export function normalizeToken(text: string): string | undefined {
  return /^[0-9a-f]{1,8}$/i.test(text) ? text.toLowerCase().padStart(8, '0') : undefined;
}

interface Item {
  key?: string;
  value: string;
  line: number;
}

function pairUp(tokens: readonly InfoToken[]): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined) continue;
    const next = tokens[i + 1];
    const colon = token.text.indexOf(':');
    const key = colon > 0 ? token.text.slice(0, colon) : '';
    if (colon > 0 && KEY.test(key)) {
      let value = token.text.slice(colon + 1);
      // `tcp-ulp-tls version: 1.2`: an empty value is followed by the value itself.
      if (value === '' && next !== undefined && !next.text.includes(':')) {
        value = next.text;
        i++;
      }
      items.push({ key, value, line: token.line });
    } else if (SPACED_KEYS.has(token.text) && next !== undefined) {
      items.push({ key: token.text, value: next.text, line: token.line });
      i++;
    } else {
      items.push({ value: token.text, line: token.line });
    }
  }
  return items;
}

function readPair(value: string, read: Reader): [number, number] | undefined {
  const parts = value.split('/');
  if (parts.length !== 2) return undefined;
  const a = read(parts[0] ?? '');
  const b = read(parts[1] ?? '');
  return a === undefined || b === undefined ? undefined : [a, b];
}

function decodeTcpField(info: SsTcpInfo, key: string, value: string, fail: Fail): boolean {
  if (key === 'rtt' || key === 'retrans') {
    const pair = readPair(value, key === 'rtt' ? real : uint);
    if (!pair) fail(`${key}: expected two numbers like 0.079/0.046, got ${quote(value)}`);
    else if (key === 'rtt') [info.rttMs, info.rttVarMs] = pair;
    else [info.retrans, info.retransTotal] = pair;
    return true;
  }
  if (key === 'pacing_rate') {
    const parts = value.split('/');
    const [now, max] = [rate(parts[0] ?? ''), parts[1] === undefined ? 0 : rate(parts[1])];
    if (now === undefined || max === undefined || parts.length > 2) {
      fail(`pacing_rate: expected a rate like 8276338120bps, got ${quote(value)}`);
    }
    info.pacingRateBps = now;
    if (parts[1] !== undefined) info.pacingRateMaxBps = max;
    return true;
  }
  const field = TCP_FIELDS.get(key);
  if (!field) return false;
  const [name, read, expected] = field;
  info[name] = read(value) ?? fail(`${key}: expected ${expected}, got ${quote(value)}`);
  return true;
}

function decodeSubflowField(sf: SsSubflowInfo, key: string, value: string, fail: Fail): boolean {
  if (key === 'flags') {
    if (!/^[A-Za-z]*$/.test(value)) fail(`flags: expected letters like Jjec, got ${quote(value)}`);
    sf.rawFlags = value;
    for (const letter of value) {
      const flag = FLAG_LETTERS[letter];
      if (flag !== undefined) sf.flags[flag] = true;
    }
    sf.backup = sf.flags.backupLocal || sf.flags.backupRemote;
    return true;
  }
  if (key === 'token') {
    const m = SUBFLOW_TOKENS.exec(value);
    const ids = m ? [Number(m[2]), Number(m[4])] : [];
    if (!m || ids.some((id) => id > 255)) {
      return fail(`token: expected REMOTE(id:N)/LOCAL(id:N), got ${quote(value)}`);
    }
    sf.remoteToken = normalizeToken(m[1] ?? '');
    sf.remoteId = ids[0];
    sf.localToken = normalizeToken(m[3] ?? '');
    sf.localId = ids[1];
    return true;
  }
  if (key === 'seq' || key === 'sfseq' || key === 'ssnoff' || key === 'maplen') {
    if (!SEQUENCE.test(value))
      fail(`${key}: expected a hex or decimal number, got ${quote(value)}`);
    sf[key] = value;
    return true;
  }
  return false;
}

function emptySubflow(): SsSubflowInfo {
  const flags: SsSubflowFlags = {
    mpCapableRemote: false,
    mpCapableLocal: false,
    joinRemote: false,
    joinLocal: false,
    backupRemote: false,
    backupLocal: false,
    fullyEstablished: false,
    connected: false,
    mapValid: false,
  };
  return { flags, rawFlags: '', backup: false };
}

/** A record without a prototype, so keys such as '__proto__' from the input are kept as data. */
function record(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

function failAt(source: string, line: number): Fail {
  return (detail) => {
    throw new ParseError({ source, line, detail });
  };
}

/** Decodes the info tokens of a TCP socket (subflow or plain TCP). */
export function decodeTcpInfo(tokens: readonly InfoToken[], source: string): DecodedTcpInfo {
  const out: DecodedTcpInfo = { info: {}, words: [], extra: record() };
  let inUlp = false;
  for (const item of pairUp(tokens)) {
    const fail = failAt(source, item.line);
    if (item.key === undefined) {
      const word = item.value;
      if (word.startsWith('tcp-ulp-') && word.length > 8) {
        out.ulp = word.slice(8);
        inUlp = true;
        if (out.ulp === 'mptcp') out.subflow = emptySubflow();
      } else if (!inUlp && out.info.congestion === undefined && /^[a-z][a-z0-9_]*$/.test(word)) {
        if (OPTION_WORDS.has(word)) out.words.push(word);
        else out.info.congestion = word;
      } else {
        out.words.push(word);
      }
      continue;
    }
    if (item.key === 'users') {
      out.process = item.value;
      continue;
    }
    // Inside `tcp-ulp-mptcp …`, flags/token/seq/… belong to the subflow, not to TCP.
    const isSubflowField =
      inUlp &&
      out.subflow !== undefined &&
      decodeSubflowField(out.subflow, item.key, item.value, fail);
    if (!isSubflowField && !decodeTcpField(out.info, item.key, item.value, fail)) {
      out.extra[item.key] = item.value;
    }
  }
  return out;
}

/** Decodes the info tokens of an MPTCP socket. */
export function decodeMptcpInfo(
  tokens: readonly InfoToken[],
  source: string,
): DecodedInfo<SsMptcpInfo> {
  const info: SsMptcpInfo = {
    subflows: 0,
    addAddrSignal: 0,
    addAddrAccepted: 0,
    subflowsMax: 0,
    addAddrSignalMax: 0,
    addAddrAcceptedMax: 0,
    fallback: false,
    remoteKey: false,
  };
  const out: DecodedInfo<SsMptcpInfo> = { info, words: [], extra: record() };
  for (const { key, value, line } of pairUp(tokens)) {
    const fail = failAt(source, line);
    const field = key === undefined ? undefined : MPTCP_FIELDS.get(key);
    if (key === undefined) {
      if (value === 'fallback') info.fallback = true;
      else if (value === 'remote_key') info.remoteKey = true;
      else out.words.push(value);
    } else if (field) {
      const [name, read, expected] = field;
      info[name] = read(value) ?? fail(`${key}: expected ${expected}, got ${quote(value)}`);
    } else if (key === 'token') {
      info.token = normalizeToken(value) ?? fail(`token: expected hex digits, got ${quote(value)}`);
    } else if (key === 'write_seq' || key === 'snd_una' || key === 'rcv_nxt') {
      if (!SEQUENCE.test(value))
        fail(`${key}: expected a hex or decimal number, got ${quote(value)}`);
      info[key === 'write_seq' ? 'writeSeq' : key === 'snd_una' ? 'sndUna' : 'rcvNxt'] = value;
    } else if (key === 'users') {
      out.process = value;
    } else {
      out.extra[key] = value;
    }
  }
  return out;
}
