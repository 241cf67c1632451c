// Bounded `interface` label values: at most `capacity` interfaces get a label of their own, the
// rest share interface="other". A gone interface keeps its label (and its counters keep their
// value, so a recreated interface of the same name carries on) until a new one needs the slot.
// Pure bookkeeping, no I/O.

/** Label value shared by the interfaces beyond the cap. */
export const OTHER_INTERFACE = 'other';
/** Label value for subflows that leave by no interface Subflow knows. */
export const NO_INTERFACE = 'none';
/** Interfaces with a label of their own, by default. */
export const DEFAULT_MAX_INTERFACES = 64;

/** What {@link InterfaceLabels.update} decided for one tick. */
export interface LabelUpdate {
  /** Label of every present interface: its own name, or "other". */
  readonly labels: ReadonlyMap<string, string>;
  /** Interfaces whose label was given up to make room: remove their series. */
  readonly evicted: readonly string[];
}

/** Assigns label slots to interface names, tick by tick. */
export class InterfaceLabels {
  /** Name → the update number when it was last present. */
  private readonly slots = new Map<string, number>();
  private tick = 0;
  private current: ReadonlyMap<string, string> = new Map();

  constructor(readonly capacity = DEFAULT_MAX_INTERFACES) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`the interface label cap must be a whole number ≥ 1, not ${capacity}`);
    }
  }

  /**
   * Labels for the interfaces present now (in the order given: earlier ones win free slots).
   * An interface without a slot takes a free one, else the slot of the interface gone the
   * longest, else it is counted under "other".
   */
  update(present: readonly string[]): LabelUpdate {
    this.tick++;
    const labels = new Map<string, string>();
    const evicted: string[] = [];
    for (const name of present) {
      if (this.slots.has(name)) {
        this.slots.set(name, this.tick);
        labels.set(name, name);
      }
    }
    for (const name of present) {
      if (labels.has(name)) continue;
      if (this.slots.size >= this.capacity) {
        const gone = this.longestGone();
        if (gone === undefined) {
          labels.set(name, OTHER_INTERFACE);
          continue;
        }
        this.slots.delete(gone);
        evicted.push(gone);
      }
      this.slots.set(name, this.tick);
      labels.set(name, name);
    }
    this.current = labels;
    return { labels, evicted };
  }

  /** The label of an interface present at the last update; "none" for null, else "other". */
  label(name: string | null): string {
    if (name === null) return NO_INTERFACE;
    return this.current.get(name) ?? OTHER_INTERFACE;
  }

  /** Names holding a slot, present or gone. */
  names(): string[] {
    return [...this.slots.keys()];
  }

  private longestGone(): string | undefined {
    let oldest: string | undefined;
    let oldestTick = this.tick;
    for (const [name, seen] of this.slots) {
      if (seen < oldestTick) {
        oldest = name;
        oldestTick = seen;
      }
    }
    return oldest;
  }
}
