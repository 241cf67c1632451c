// Readings of kernel counters that can start again from zero (an interface recreated under the
// same name, a namespace recreated, a driver reset) turned into increments for Prometheus
// counters, which must never go down. Pure bookkeeping, no I/O.

/**
 * The increments of source counters between readings. The first reading of a key counts in
 * full (so an exported counter mirrors the kernel's value), and so does a reading after a
 * reset: a different generation (e.g. a new ifindex) or a value lower than the last one.
 */
export class CounterDeltas {
  private readonly last = new Map<
    string,
    { readonly generation: number; readonly value: number }
  >();

  /**
   * How much `key` grew since its previous reading, in the counter's unit; 0 for a value that
   * is not a finite non-negative number (which is then ignored, the previous reading kept).
   */
  delta(key: string, value: number, generation = 0): number {
    if (!Number.isFinite(value) || value < 0) return 0;
    const previous = this.last.get(key);
    this.last.set(key, { generation, value });
    if (previous === undefined || previous.generation !== generation) return value;
    return value >= previous.value ? value - previous.value : value;
  }

  /** Drops what is known about `key`: its next reading counts in full. */
  forget(key: string): void {
    this.last.delete(key);
  }

  /** Keys with a remembered reading. */
  keys(): IterableIterator<string> {
    return this.last.keys();
  }
}
