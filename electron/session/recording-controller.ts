// The host's recording switch (record:start / stop / status): one recording at a time into the
// sessions directory, its state pushed as onRecording whenever it starts, stops or fails.
import { join } from 'node:path';
import type { RecordingState, SessionInfo } from '../contract.js';
import type { PushBus } from '../host/push-bus.js';
import { Recorder } from './journal-recorder.js';
import type { RecordableMonitor } from './journal-recorder.js';
import { JournalWriteError } from './journal/journal-writer.js';
import { ensureSessionsDir, sessionFileName } from './sessions-dir.js';

/** Name collisions (two recordings started in the same second) tried before giving up. */
const NAME_ATTEMPTS = 20;

export interface RecordingDeps {
  readonly monitor: RecordableMonitor;
  readonly sessionsDir: string;
  readonly bus: PushBus;
}

export class RecordingController {
  private recorder: Recorder | null = null;
  private last: SessionInfo | null = null;
  private failure: string | undefined;

  constructor(private readonly deps: RecordingDeps) {}

  status(): RecordingState {
    const r = this.recorder;
    if (r?.active) return { active: true, session: r.info() };
    return {
      active: false,
      session: r ? r.info() : this.last,
      ...(this.failure !== undefined ? { error: this.failure } : {}),
    };
  }

  /** The id of the journal being written, if any. */
  get activeId(): string | null {
    return this.recorder?.active ? this.recorder.info().id : null;
  }

  /** Starts recording (a no-op answering the current state if one is running). */
  async start(): Promise<RecordingState> {
    if (this.recorder?.active) return this.status();
    this.failure = undefined;
    try {
      this.recorder = await startInSessionsDir({
        monitor: this.deps.monitor,
        sessionsDir: this.deps.sessionsDir,
        onFailure: (message) => {
          this.onFailure(message);
        },
      });
    } catch (err) {
      this.failure = err instanceof Error ? err.message : String(err);
      this.push();
      throw err;
    }
    return this.push();
  }

  stop(): RecordingState {
    const r = this.recorder;
    if (r) {
      r.stop();
      this.last = r.info();
      this.recorder = null;
      if (r.error !== null) this.failure = r.error;
    }
    return this.push();
  }

  /** Stops a recording in progress (host shutdown). */
  dispose(): void {
    if (this.recorder?.active) this.stop();
  }

  private onFailure(message: string): void {
    this.failure = message;
    const r = this.recorder;
    if (r) {
      this.last = r.info();
      this.recorder = null;
    }
    this.push();
  }

  private push(): RecordingState {
    const state = this.status();
    this.deps.bus.emit({ name: 'onRecording', payload: state });
    return state;
  }
}

/** Starts a Recorder on a new journal in the sessions directory (created if needed). */
export async function startInSessionsDir(options: {
  readonly monitor: RecordableMonitor;
  readonly sessionsDir: string;
  readonly onFailure?: (message: string) => void;
}): Promise<Recorder> {
  const { monitor } = options;
  const dir = await ensureSessionsDir(options.sessionsDir);
  const now = Date.now();
  const hostname = monitor.latest()?.hostname ?? 'host';
  for (let attempt = 1; ; attempt++) {
    const name = sessionFileName(now, hostname, monitor.options.netns, attempt);
    try {
      return await Recorder.start({
        monitor,
        path: join(dir, name),
        exclusive: true,
        ...(options.onFailure ? { onFailure: options.onFailure } : {}),
      });
    } catch (err) {
      const exists = err instanceof JournalWriteError && err.errno === 'EEXIST';
      if (!exists || attempt >= NAME_ATTEMPTS) throw err;
    }
  }
}
