// A RawSample sent from the kernel thread as a delta against the previous one: every tick's
// sample is structured-cloned to the main thread, and at 900 connections most of its sockets
// are the very objects of the last tick (the socket sampler reuses what did not move). So the
// socket lists travel as indexes into the last sample's lists plus the sockets that changed; the
// main thread rebuilds the same lists. A delta names the sample it applies to; a receiver that
// does not hold that one asks for a full sample (base null). Pure.
import type { RawSample, SampledMptcpSocket, SampledSubflow } from './sample.js';

/** A list as a delta: for each item, its index in the base list, or -1 for the next of `fresh`. */
export interface ListDelta<T> {
  readonly from: Int32Array;
  readonly fresh: T[];
}

/** What crosses the thread boundary for one tick. */
export interface WireSample extends Omit<RawSample, 'mptcpSockets' | 'subflows'> {
  /** This sample's number (per kernel thread). */
  readonly seq: number;
  /** The sample the lists are a delta against; null when every item is in `fresh`. */
  readonly base: number | null;
  readonly mptcpSockets: ListDelta<SampledMptcpSocket>;
  readonly subflows: ListDelta<SampledSubflow>;
}

function encodeList<T extends object>(
  list: readonly T[],
  base: ReadonlyMap<T, number> | null,
): { delta: ListDelta<T>; index: Map<T, number> } {
  const from = new Int32Array(list.length);
  const fresh: T[] = [];
  const index = new Map<T, number>();
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as T;
    index.set(item, i);
    const at = base?.get(item);
    if (at === undefined) {
      from[i] = -1;
      fresh.push(item);
    } else {
      from[i] = at;
    }
  }
  return { delta: { from, fresh }, index };
}

/** The kernel thread's side: remembers what it sent last. */
export class SampleEncoder {
  private seq = 0;
  private last: {
    readonly seq: number;
    readonly sockets: Map<SampledMptcpSocket, number>;
    readonly subflows: Map<SampledSubflow, number>;
  } | null = null;

  /** `sample` as a delta against `base` when that is the last one sent, else in full. */
  encode(sample: RawSample, base: number | null): WireSample {
    const against = base !== null && this.last?.seq === base ? this.last : null;
    const sockets = encodeList(sample.mptcpSockets, against?.sockets ?? null);
    const subflows = encodeList(sample.subflows, against?.subflows ?? null);
    this.seq++;
    this.last = { seq: this.seq, sockets: sockets.index, subflows: subflows.index };
    return {
      ...sample,
      seq: this.seq,
      base: against ? base : null,
      mptcpSockets: sockets.delta,
      subflows: subflows.delta,
    };
  }
}

function decodeList<T>(delta: ListDelta<T>, base: readonly T[], what: string): T[] {
  const out = new Array<T>(delta.from.length);
  let k = 0;
  for (let i = 0; i < delta.from.length; i++) {
    const at = delta.from[i] as number;
    const item = at < 0 ? delta.fresh[k++] : base[at];
    if (item === undefined) throw new Error(`sample delta: ${what} ${i} refers to nothing`);
    out[i] = item;
  }
  if (k !== delta.fresh.length) throw new Error(`sample delta: ${what} left unused`);
  return out;
}

/** The main thread's side: holds the last sample's lists to apply the next delta to. */
export class SampleDecoder {
  private last: {
    readonly seq: number;
    readonly sockets: SampledMptcpSocket[];
    readonly subflows: SampledSubflow[];
  } | null = null;

  /** The sample to ask the next delta against (null: ask for a full one). */
  get base(): number | null {
    return this.last?.seq ?? null;
  }

  /** Forgets the last sample: the next request asks for a full one. */
  reset(): void {
    this.last = null;
  }

  /** The RawSample `wire` stands for. Throws (and resets) if it is a delta against another. */
  decode(wire: WireSample): RawSample {
    const { seq, base, mptcpSockets, subflows, ...rest } = wire;
    const against = base === null ? null : this.last;
    if (base !== null && against?.seq !== base) {
      this.last = null;
      throw new Error(`sample delta against sample ${base}, but sample ${this.base} is held`);
    }
    const sockets = decodeList(mptcpSockets, against?.sockets ?? [], 'MPTCP socket');
    const flows = decodeList(subflows, against?.subflows ?? [], 'subflow');
    this.last = { seq, sockets, subflows: flows };
    return { ...rest, mptcpSockets: sockets, subflows: flows };
  }
}
