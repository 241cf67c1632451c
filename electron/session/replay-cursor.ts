// A replay source over a journal read back: a cursor on its ticks that seeks, plays at a speed
// (the recorded gaps between ticks divided by it) and emits each tick it lands on as the same
// TickUpdate the live monitor pushed, so whoever listens cannot tell the difference. It also
// answers what the live monitor answers — the snapshot, events, rate history — as of the cursor.
import type { PmEvent, RateHistory, RateSeries, Snapshot, TickUpdate } from '../contract.js';
import { connectionKey, subflowKey } from '../monitor/keys.js';
import type { JournalContents } from './journal/journal-types.js';

/** Events kept for events:list, like the live monitor's bound. */
const EVENT_LIMIT = 2_000;
/** The longest wait between two ticks while playing (a long gap in the recording), ms. */
const MAX_WAIT_MS = 5_000;

export interface ReplayListener {
  /** A tick the cursor landed on (seek, or the next one while playing). */
  tick(update: TickUpdate): void;
  /** Playing stopped at the end of the journal. */
  ended?(): void;
}

export class Replay {
  private index = 0;
  private playingNow = false;
  private speedNow = 1;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly contents: JournalContents,
    private readonly listener: ReplayListener,
  ) {
    if (contents.ticks.length === 0) throw new Error('a replay needs at least one tick');
  }

  /** Time of the tick the cursor is on. */
  get position(): number {
    return this.current.snapshot.time;
  }

  get playing(): boolean {
    return this.playingNow;
  }

  get speed(): number {
    return this.speedNow;
  }

  get current(): TickUpdate {
    return this.contents.ticks[this.index] as TickUpdate;
  }

  get startedAt(): number {
    return (this.contents.ticks[0] as TickUpdate).snapshot.time;
  }

  get endedAt(): number {
    return (this.contents.ticks[this.contents.ticks.length - 1] as TickUpdate).snapshot.time;
  }

  /** Moves to the last tick at or before `time` (the first tick if `time` is earlier); emits it. */
  seek(time: number): void {
    this.index = indexAt(this.contents.ticks, time);
    this.listener.tick(this.current);
    if (this.playingNow) this.schedule();
  }

  /** Moves to the last tick at or before `time` without emitting it (the opener pushes it). */
  moveTo(time: number): void {
    this.index = indexAt(this.contents.ticks, time);
  }

  /** Starts or pauses playing; `speed` 1 is real time. */
  play(playing: boolean, speed = this.speedNow): void {
    this.speedNow = speed;
    this.playingNow = playing;
    if (playing && this.index >= this.contents.ticks.length - 1) {
      // Playing from the end starts over, as media players do.
      this.index = 0;
      this.listener.tick(this.current);
    }
    this.schedule();
  }

  /** Stops the timer; the replay can be played again. */
  stop(): void {
    this.playingNow = false;
    this.clearTimer();
  }

  snapshot(): Snapshot {
    return this.current.snapshot;
  }

  /** Events recorded up to the cursor and newer than `since`, oldest first (bounded). */
  events(since = 0): PmEvent[] {
    const out: PmEvent[] = [];
    for (let i = this.index; i >= 0 && out.length < EVENT_LIMIT; i--) {
      const tick = this.contents.ticks[i] as TickUpdate;
      if (tick.snapshot.time <= since && tick.events.every((e) => e.time <= since)) break;
      for (let j = tick.events.length - 1; j >= 0 && out.length < EVENT_LIMIT; j--) {
        const e = tick.events[j] as PmEvent;
        if (e.time > since) out.push(e);
      }
    }
    return out.reverse();
  }

  /** Rate history of the `seconds` before the cursor, keyed like the live monitor's. */
  history(seconds: number, connection?: string): RateHistory {
    return replayHistory(this.contents.ticks, this.index, seconds, connection);
  }

  private schedule(): void {
    this.clearTimer();
    if (!this.playingNow) return;
    const next = this.contents.ticks[this.index + 1];
    if (next === undefined) {
      this.playingNow = false;
      this.listener.ended?.();
      return;
    }
    const gap = next.snapshot.time - this.position;
    const wait = Math.min(MAX_WAIT_MS, Math.max(0, gap / this.speedNow));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.index++;
      this.listener.tick(this.current);
      this.schedule();
    }, wait);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * Index of the first tick that shows something: a connection, or an interface moving bytes. A
 * journal starts with the monitor's first sample, whose rates are still zero (a rate needs two
 * samples), so a replay opened there shows empty charts; 0 when no tick has any.
 */
export function firstTickWithData(ticks: readonly TickUpdate[]): number {
  const index = ticks.findIndex(
    ({ snapshot }) =>
      snapshot.connections.length > 0 ||
      snapshot.interfaces.some((f) => f.rxRate > 0 || f.txRate > 0),
  );
  return index < 0 ? 0 : index;
}

/** Index of the last tick at or before `time` (0 when `time` is before the first). */
export function indexAt(ticks: readonly TickUpdate[], time: number): number {
  let lo = 0;
  let hi = ticks.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if ((ticks[mid] as TickUpdate).snapshot.time <= time) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** RateHistory over the ticks in (time of `index` − seconds, time of `index`]. */
export function replayHistory(
  ticks: readonly TickUpdate[],
  index: number,
  seconds: number,
  connection?: string,
): RateHistory {
  const end = (ticks[index] as TickUpdate).snapshot.time;
  const since = end - seconds * 1000;
  const interfaces = new Map<string, Series>();
  const connections = new Map<string, Series>();
  const subflows = new Map<string, Series>();
  for (let i = indexAt(ticks, since); i <= index; i++) {
    const { snapshot } = ticks[i] as TickUpdate;
    const t = snapshot.time;
    if (t < since) continue;
    for (const f of snapshot.interfaces) push(interfaces, f.name, t, f.rxRate, f.txRate);
    if (connection === undefined) continue;
    for (const c of snapshot.connections) {
      if (c.token !== connection) continue;
      push(connections, connectionKey(c), t, c.rxRate, c.txRate);
      for (const s of c.subflows) push(subflows, subflowKey(c, s), t, s.rxRate, s.txRate);
    }
  }
  return {
    interfaces: Object.fromEntries(interfaces),
    connections: Object.fromEntries(connections),
    subflows: Object.fromEntries(subflows),
  };
}

interface Series extends RateSeries {
  readonly time: number[];
  readonly rx: number[];
  readonly tx: number[];
}

function push(map: Map<string, Series>, key: string, t: number, rx: number, tx: number): void {
  let s = map.get(key);
  if (!s) {
    s = { time: [], rx: [], tx: [] };
    map.set(key, s);
  }
  s.time.push(t);
  s.rx.push(rx);
  s.tx.push(tx);
}
