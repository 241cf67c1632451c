// One recording: subscribes to a monitor's ticks and appends each to a journal. The header comes
// from the monitor's latest snapshot (a fresh tick if there is none yet) and the namespace's
// net.mptcp.* sysctls. A write failure stops the recording at once, reports it as a monitor
// event and through `onFailure` — nothing is dropped silently.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { SessionInfo, Snapshot, TickUpdate } from '../contract.js';
import { JOURNAL_VERSION } from './journal/journal-format.js';
import type { JournalHeader } from './journal/journal-types.js';
import { JournalWriter, JournalWriteError } from './journal/journal-writer.js';
import type { JournalWriterOptions } from './journal/journal-writer.js';
import { readHeaderSysctls } from './mptcp-sysctls.js';

/** What a recorder needs of a MonitorService (tests pass a fake). */
export interface RecordableMonitor {
  readonly options: { readonly netns: string | null };
  /** The watched namespace's kernel thread, which reads the header's sysctls there. */
  readonly kernel: {
    call(op: 'mptcpSysctlFiles', args: null): Promise<Record<string, string> | null>;
  };
  latest(): Snapshot | null;
  refresh(): Promise<Snapshot | null>;
  subscribe(listener: (update: TickUpdate) => void): () => void;
  report(message: string): void;
}

export interface RecorderOptions extends JournalWriterOptions {
  readonly monitor: RecordableMonitor;
  readonly path: string;
  /** Called once if recording stops because a write failed, with the sentence to show. */
  readonly onFailure?: (message: string) => void;
  /** Called after each tick is written. */
  readonly onTick?: (update: TickUpdate) => void;
  /** Reads the sysctls for the header (tests). */
  readonly sysctls?: (
    snapshot: Snapshot,
  ) => Record<string, string> | Promise<Record<string, string>>;
}

/** The journal header for a recording that starts now from `snapshot`. */
export function journalHeader(
  snapshot: Snapshot,
  sysctls: Record<string, string>,
  startedAt: number,
): JournalHeader {
  return {
    version: JOURNAL_VERSION,
    startedAt,
    hostname: snapshot.hostname,
    netns: snapshot.netns,
    kernel: snapshot.kernel,
    intervalMs: snapshot.intervalMs,
    privileged: snapshot.privileged,
    endpoints: snapshot.endpoints,
    limits: snapshot.limits,
    sysctls,
    writer: writerName(),
  };
}

export class Recorder {
  private unsubscribe: (() => void) | null = null;
  private lastTime: number;
  private failure: string | null = null;

  private constructor(
    private readonly writer: JournalWriter,
    readonly header: JournalHeader,
    private readonly options: RecorderOptions,
  ) {
    this.lastTime = header.startedAt;
    this.unsubscribe = options.monitor.subscribe((update) => {
      this.onUpdate(update);
    });
  }

  /** Opens the journal and starts recording; throws (with what to do) if it cannot. */
  static async start(options: RecorderOptions): Promise<Recorder> {
    const { monitor } = options;
    const startedAt = Date.now();
    const snapshot = monitor.latest() ?? (await monitor.refresh());
    if (snapshot === null)
      throw new JournalWriteError(
        'cannot start recording: the kernel could not be sampled yet (see the events); try again',
        'internal',
      );
    const sysctls = await (options.sysctls
      ? options.sysctls(snapshot)
      : readHeaderSysctls(snapshot, () => monitor.kernel.call('mptcpSysctlFiles', null)));
    const header = journalHeader(snapshot, sysctls, startedAt);
    const writer = JournalWriter.open(options.path, header, options);
    return new Recorder(writer, header, options);
  }

  get path(): string {
    return this.writer.path;
  }

  get active(): boolean {
    return this.unsubscribe !== null;
  }

  /** Why recording stopped on its own, or null. */
  get error(): string | null {
    return this.failure;
  }

  /** What sessions:list would say about this journal now. */
  info(): SessionInfo {
    return {
      id: basename(this.writer.path),
      path: this.writer.path,
      startedAt: this.header.startedAt,
      endedAt: this.lastTime,
      ticks: this.writer.ticks,
      bytes: this.writer.bytes,
      hostname: this.header.hostname,
      netns: this.header.netns,
    };
  }

  /** Stops and closes the journal (flushed to disk); idempotent. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.writer.closed) return;
    try {
      this.writer.close();
    } catch (err) {
      this.fail(err);
    }
  }

  private onUpdate(update: TickUpdate): void {
    if (this.unsubscribe === null) return;
    try {
      this.writer.append(update);
      this.lastTime = update.snapshot.time;
    } catch (err) {
      this.unsubscribe();
      this.unsubscribe = null;
      this.fail(err);
      return;
    }
    this.options.onTick?.(update);
  }

  private fail(err: unknown): void {
    if (this.failure !== null) return;
    const message = `recording stopped: ${err instanceof Error ? err.message : String(err)}`;
    this.failure = message;
    this.options.monitor.report(message);
    this.options.onFailure?.(message);
  }
}

let cachedWriter: string | null = null;

/** "subflow X.Y.Z" from package.json (checkout or installed build), "subflow" if unreadable. */
export function writerName(): string {
  if (cachedWriter !== null) return cachedWriter;
  cachedWriter = 'subflow';
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'subflow' && typeof pkg.version === 'string') {
        cachedWriter = `subflow ${pkg.version}`;
        break;
      }
    } catch {
      // Try the next place.
    }
  }
  return cachedWriter;
}
