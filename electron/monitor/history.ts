// Bounded per-entity rate history: every tick's rx/tx rates of each interface, connection and
// subflow for the last 10 minutes, plus 10-second averages for the last hour. Memory stays flat
// however long it runs: series idle longer than the retention are dropped, and each kind has a
// cap on its number of series (at the cap the longest-idle series make room, in bulk; while every
// series is live a new one is not recorded).
import type { Snapshot } from '../contract.js';
import { connectionKey, subflowKey } from './keys.js';
import { SeriesRing } from './ring-buffer.js';

export type SeriesKind = 'interface' | 'connection' | 'subflow';
export const SERIES_KINDS: readonly SeriesKind[] = ['interface', 'connection', 'subflow'];

export interface HistoryOptions {
  /**
   * Tick interval, ms: sets how many tick points a series holds (fine window / interval). A
   * shorter interval later shortens the span those points cover: make a new History then.
   */
  readonly intervalMs: number;
  /** Span of tick-resolution points, ms. Default 10 minutes. */
  readonly fineWindowMs?: number;
  /** Width of a downsampled bucket, ms. Default 10 s. */
  readonly bucketMs?: number;
  /** Span of downsampled buckets, ms. Default 1 hour (360 buckets of 10 s). */
  readonly coarseWindowMs?: number;
  /** A series not updated for longer than this is dropped, ms. Default: coarseWindowMs. */
  readonly retentionMs?: number;
  /** Most series per kind. Default 256 interfaces, 2,500 connections, 5,000 subflows. */
  readonly maxSeries?: Partial<Record<SeriesKind, number>>;
}

/** Points of one series, oldest first: times in ms since the epoch, rates in bytes/s. */
export interface SeriesWindow {
  readonly time: number[];
  readonly rx: number[];
  readonly tx: number[];
}

/** What the history holds now. */
export interface HistoryStats {
  readonly series: Record<SeriesKind, number>;
  /** Stored points (fine + coarse) over all series. */
  readonly points: number;
  /** Typed-array bytes allocated over all series. */
  readonly bytes: number;
  /** New series not recorded because a kind was at its cap with every series live. */
  readonly refused: number;
}

const DEFAULT_MAX: Record<SeriesKind, number> = { interface: 256, connection: 2500, subflow: 5000 };

interface Series {
  readonly fine: SeriesRing;
  /** Created at the first full bucket: most connections never live 10 s. */
  coarse: SeriesRing | null;
  /** Index of the bucket being accumulated (time / bucketMs), NaN before the first point. */
  bucket: number;
  sumRx: number;
  sumTx: number;
  n: number;
  /** Snapshot time of the last update, ms. */
  lastSeen: number;
}

export class History {
  readonly fineCapacity: number;
  readonly coarseCapacity: number;
  private readonly bucketMs: number;
  private readonly retentionMs: number;
  private readonly max: Record<SeriesKind, number>;
  /** Per kind, by key, in the order first recorded. */
  private readonly maps: Record<SeriesKind, Map<string, Series>> = {
    interface: new Map(),
    connection: new Map(),
    subflow: new Map(),
  };
  private refused = 0;
  /** Per kind, the time at which a sweep found every series live (no room until the next). */
  private readonly fullAt: Record<SeriesKind, number> = {
    interface: NaN,
    connection: NaN,
    subflow: NaN,
  };
  /** Snapshot time of the last retention sweep, ms. */
  private lastSweep = -Infinity;

  constructor(options: HistoryOptions) {
    const interval = Math.max(1, options.intervalMs);
    const coarseWindow = options.coarseWindowMs ?? 3_600_000;
    this.bucketMs = Math.max(1, options.bucketMs ?? 10_000);
    this.fineCapacity = Math.max(1, Math.ceil((options.fineWindowMs ?? 600_000) / interval));
    this.coarseCapacity = Math.max(1, Math.ceil(coarseWindow / this.bucketMs));
    this.retentionMs = options.retentionMs ?? coarseWindow;
    this.max = { ...DEFAULT_MAX, ...options.maxSeries };
  }

  /** Records every interface, connection and subflow of a snapshot at snapshot.time. */
  record(snapshot: Snapshot): void {
    const t = snapshot.time;
    for (const i of snapshot.interfaces) this.add('interface', i.name, t, i.rxRate, i.txRate);
    for (const c of snapshot.connections) {
      this.add('connection', connectionKey(c), t, c.rxRate, c.txRate);
      for (const s of c.subflows) this.add('subflow', subflowKey(c, s), t, s.rxRate, s.txRate);
    }
    this.expire(t);
  }

  /** Records one point of one series (what `record` does per entity). */
  add(kind: SeriesKind, key: string, time: number, rxRate: number, txRate: number): void {
    const map = this.maps[kind];
    let s = map.get(key);
    if (!s) {
      if (map.size >= this.max[kind] && this.fullAt[kind] !== time) {
        this.makeRoom(map, this.max[kind], time);
        if (map.size >= this.max[kind]) this.fullAt[kind] = time;
      }
      if (map.size >= this.max[kind]) {
        this.refused++;
        return;
      }
      s = {
        fine: new SeriesRing(this.fineCapacity),
        coarse: null,
        bucket: NaN,
        sumRx: 0,
        sumTx: 0,
        n: 0,
        lastSeen: time,
      };
      map.set(key, s);
    }
    s.lastSeen = time;
    s.fine.push(time, rxRate, txRate);
    const bucket = Math.floor(time / this.bucketMs);
    if (bucket !== s.bucket) {
      this.flush(s);
      s.bucket = bucket;
    }
    s.sumRx += rxRate;
    s.sumTx += txRate;
    s.n++;
  }

  private flush(s: Series): void {
    if (s.n > 0) {
      s.coarse ??= new SeriesRing(this.coarseCapacity);
      s.coarse.push(s.bucket * this.bucketMs, s.sumRx / s.n, s.sumTx / s.n);
    }
    s.sumRx = 0;
    s.sumTx = 0;
    s.n = 0;
  }

  /**
   * At the cap: drops the longest-idle series (those not updated at `now`) until the kind is at
   * 90 % of its cap, so a steady stream of new series costs one sweep per 10 % of the cap.
   */
  private makeRoom(map: Map<string, Series>, max: number, now: number): void {
    const idle: [string, number][] = [];
    for (const [key, s] of map) if (s.lastSeen < now) idle.push([key, s.lastSeen]);
    idle.sort((a, b) => a[1] - b[1]);
    const target = Math.floor(max * 0.9);
    for (const [key] of idle) {
      if (map.size <= target) break;
      map.delete(key);
    }
  }

  /**
   * Drops series idle for longer than the retention. A sweep visits every series, so it runs
   * once per bucket of snapshot time (or when the clock went back): retention is ±1 bucket.
   */
  private expire(now: number): void {
    if (now - this.lastSweep < this.bucketMs && now >= this.lastSweep) return;
    this.lastSweep = now;
    const cutoff = now - this.retentionMs;
    for (const kind of SERIES_KINDS) {
      const map = this.maps[kind];
      for (const [key, s] of map) if (s.lastSeen < cutoff) map.delete(key);
    }
  }

  /**
   * The points of one series. Without `sinceMs`: the tick-resolution window (last 10 minutes).
   * With it: everything at or after `sinceMs`, as 10-s averages where it reaches back before the
   * tick window, then tick points. Unknown series: empty arrays.
   */
  series(kind: SeriesKind, key: string, sinceMs?: number): SeriesWindow {
    const out: SeriesWindow = { time: [], rx: [], tx: [] };
    const s = this.maps[kind].get(key);
    if (!s) return out;
    const fineOldest = s.fine.size > 0 ? s.fine.timeAt(0) : Infinity;
    // Until the tick ring is full it holds the whole series: nothing older exists, and the
    // bucket being filled would only repeat those ticks at the bucket's start time — a time
    // before the series began (a connection a second old would seem to have traffic 9 s ago).
    const fineFull = s.fine.size === s.fine.capacity;
    if (sinceMs !== undefined && sinceMs < fineOldest && fineFull) {
      // A bucket counts when it ends after sinceMs; only buckets that start before the tick
      // points, so times never go backwards.
      s.coarse?.copyInto(out, sinceMs - this.bucketMs + 1, fineOldest);
      const start = s.bucket * this.bucketMs;
      if (s.n > 0 && start < fineOldest && start + this.bucketMs > sinceMs) {
        out.time.push(start);
        out.rx.push(s.sumRx / s.n);
        out.tx.push(s.sumTx / s.n);
      }
    }
    s.fine.copyInto(out, sinceMs ?? -Infinity);
    return out;
  }

  /** Keys of the series of one kind, in the order first recorded. */
  keys(kind: SeriesKind): string[] {
    return [...this.maps[kind].keys()];
  }

  stats(): HistoryStats {
    let points = 0;
    let bytes = 0;
    const series = { interface: 0, connection: 0, subflow: 0 };
    for (const kind of SERIES_KINDS) {
      const map = this.maps[kind];
      series[kind] = map.size;
      for (const s of map.values()) {
        points += s.fine.size + (s.coarse?.size ?? 0);
        bytes += s.fine.allocatedBytes + (s.coarse?.allocatedBytes ?? 0);
      }
    }
    return { series, points, bytes, refused: this.refused };
  }

  clear(): void {
    for (const kind of SERIES_KINDS) this.maps[kind].clear();
    this.refused = 0;
  }
}
