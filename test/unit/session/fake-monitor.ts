// A MonitorService stand-in for the session tests: ticks are pushed by the test, reports kept.
import type { Snapshot, TickUpdate } from '../../../electron/contract.js';
import type { RecordableMonitor } from '../../../electron/session/journal-recorder.js';

export class FakeMonitor implements RecordableMonitor {
  readonly options: { readonly netns: string | null };
  readonly reports: string[] = [];
  /** No kernel thread here: the header's sysctls come from the snapshot, as the recorder says. */
  readonly kernel = {
    call: (op: string): Promise<never> =>
      Promise.reject(new Error(`the fake monitor has no kernel thread for ${op}`)),
  };
  private readonly listeners = new Set<(u: TickUpdate) => void>();
  private last: Snapshot | null;

  constructor(first: Snapshot | null, netns: string | null = 'sfs-cli') {
    this.last = first;
    this.options = { netns };
  }

  latest(): Snapshot | null {
    return this.last;
  }

  refresh(): Promise<Snapshot | null> {
    return Promise.resolve(this.last);
  }

  subscribe(listener: (u: TickUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  report(message: string): void {
    this.reports.push(message);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Delivers one tick to every subscriber, as the monitor does. */
  push(update: TickUpdate): void {
    this.last = update.snapshot;
    for (const l of [...this.listeners]) l(update);
  }
}
