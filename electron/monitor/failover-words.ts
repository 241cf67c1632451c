// Failovers told in words, for the live timeline, the reports and notifications: what happened
// to the traffic ("no interruption: 57 → 18.8 Mbit/s on blue-c"), whether and how the connection
// ended, when the path came back, and the subflow the path manager did not re-create. Pure.
import type { PmEvent } from '../contract.js';
import type { FailoverPath, FollowUpNews } from './failover-followup.js';
import { SUBFLOW_MISSING_MS } from './failover-followup.js';
import type { Failover } from './failover-types.js';

/** A rate in bytes/s as bits: "18.8 Mbit/s", "57 Mbit/s", "640 kbit/s" (3 significant digits). */
export function bitRateText(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  const [value, unit] =
    bits >= 1e9
      ? [bits / 1e9, 'Gbit/s']
      : bits >= 1e6
        ? [bits / 1e6, 'Mbit/s']
        : [bits / 1e3, 'kbit/s'];
  return `${Number(value.toPrecision(3))} ${unit}`;
}

/** "1.4 s", "12 s", "350 ms". */
export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
}

const pathName = (s: Failover['from']): string => s.interface ?? s.subflow;

/** What happened to the traffic: no interruption, or how long it stalled, and the rates. */
export function gapText(f: Pick<Failover, 'gapMs' | 'rateBefore' | 'rateAfter' | 'to'>): string {
  const on = pathName(f.to);
  if (f.gapMs <= 0) {
    // Same unit on both sides reads as "57 → 18.8 Mbit/s".
    const before = bitRateText(f.rateBefore);
    const after = bitRateText(f.rateAfter);
    const [bValue, bUnit] = splitUnit(before);
    const [, aUnit] = splitUnit(after);
    const from = bUnit === aUnit ? bValue : before;
    return `no interruption: ${from} → ${after} on ${on}`;
  }
  return (
    `traffic stalled for ${durationText(f.gapMs)} (below 10 % of its ${bitRateText(f.rateBefore)}), ` +
    `then ${bitRateText(f.rateAfter)} on ${on}`
  );
}

function splitUnit(text: string): [string, string] {
  const space = text.indexOf(' ');
  return [text.slice(0, space), text.slice(space + 1)];
}

/** One sentence for the live timeline when a failover is found. */
export function failoverSentence(f: Failover): string {
  const where = (s: Failover['from']) =>
    s.interface ? `${s.interface} (${s.subflow})` : s.subflow;
  return `connection ${f.token} failed over from ${where(f.from)} to ${where(f.to)}: ${gapText(f)}`;
}

const pathText = (p: FailoverPath): string =>
  p.interface ? `${p.interface} (${p.address})` : p.address;

/** The sentence of a follow-up finding. */
export function followUpSentence(token: string, path: FailoverPath, news: FollowUpNews): string {
  if (news.kind === 'recovered') {
    return (
      `connection ${token}: ${pathText(path)} carries traffic again (${bitRateText(news.rate)}); ` +
      `it was out for ${durationText(news.outMs)}`
    );
  }
  return (
    `connection ${token} has had no subflow on ${pathText(path)} for ` +
    `${durationText(news.at - news.since)} although the path is back (endpoint present, ` +
    `interface up with the address): subflow not re-created by the path manager ` +
    `(flagged after ${SUBFLOW_MISSING_MS / 1000} s; see mptcp_net-next issue #440)`
  );
}

/** The timeline event (source 'inferred') of a failover found at `time`. */
export function failoverEvent(f: Failover, time: number): PmEvent {
  return {
    time,
    type: 'failover',
    source: 'inferred',
    token: f.token,
    ...(f.from.interface !== null ? { interface: f.from.interface } : {}),
    message: failoverSentence(f),
    failover: {
      from: { subflow: f.from.subflow, interface: f.from.interface },
      to: { subflow: f.to.subflow, interface: f.to.interface },
      gap: f.gap,
    },
  };
}

/** The timeline event (source 'inferred') of a follow-up finding, reported at `time`. */
export function followUpEvent(
  token: string,
  path: FailoverPath,
  news: FollowUpNews,
  time: number,
): PmEvent {
  return {
    time,
    type: news.kind,
    source: 'inferred',
    token,
    ...(path.interface !== null ? { interface: path.interface } : {}),
    message: followUpSentence(token, path, news),
  };
}
