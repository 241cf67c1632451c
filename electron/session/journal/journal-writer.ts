// Appending a journal to disk (format in journal-format.ts): the header, then one line per tick,
// each written with write(2) the moment it arrives so kill -9 loses nothing written; fsync at most
// every FSYNC_EVERY_MS and at close. Any write error (disk full, permission, I/O) is thrown at
// once as a JournalWriteError whose message says what to do; the writer is then closed.
import { closeSync, fsync, fsyncSync, writeSync } from 'node:fs';
import type { Snapshot, TickUpdate } from '../../contract.js';
import type { OutputFile } from '../../output-file.js';
import { OutputFileError, openOutputFile } from '../../output-file.js';
import {
  encodeHeaderLine,
  encodeTickLine,
  FSYNC_EVERY_MS,
  KEYFRAME_EVERY,
} from './journal-format.js';
import type { JournalHeader } from './journal-types.js';

/** Why a journal cannot be written; `code` is an ApiErrorCode. */
export class JournalWriteError extends Error {
  constructor(
    message: string,
    readonly code: 'permission' | 'not-found' | 'bad-request' | 'internal',
    /** The fs error code behind it (ENOSPC, EACCES, EEXIST, …), when there was one. */
    readonly errno?: string,
  ) {
    super(message);
    this.name = 'JournalWriteError';
  }
}

export interface JournalWriterOptions {
  /** Fail if the file exists (the sessions directory) rather than replace it (--out). */
  readonly exclusive?: boolean;
  readonly keyframeEvery?: number;
  readonly fsyncEveryMs?: number;
  /** Clock for the fsync policy (tests). */
  readonly now?: () => number;
}

/** One journal file being written. Not safe to share between two recorders. */
export class JournalWriter {
  private fd: number | null;
  private previous: Snapshot | undefined;
  private sinceKeyframe = 0;
  private lastSync: number;
  private syncing = false;
  private written = 0;
  /** The error of a background fsync, thrown by the next append or close. */
  private pendingError: JournalWriteError | null = null;
  private count = 0;
  private readonly keyframeEvery: number;
  private readonly fsyncEveryMs: number;
  private readonly now: () => number;

  private constructor(
    readonly path: string,
    fd: number,
    options: JournalWriterOptions,
  ) {
    this.fd = fd;
    this.keyframeEvery = options.keyframeEvery ?? KEYFRAME_EVERY;
    this.fsyncEveryMs = options.fsyncEveryMs ?? FSYNC_EVERY_MS;
    this.now = options.now ?? Date.now;
    this.lastSync = this.now();
  }

  /**
   * Creates a new file (mode 0600, links never followed) and writes the header; a non-exclusive
   * journal then replaces the regular file at `path` (devices, FIFOs, sockets, links refused).
   */
  static open(
    path: string,
    header: JournalHeader,
    options: JournalWriterOptions = {},
  ): JournalWriter {
    let file: OutputFile;
    try {
      file = openOutputFile(path, {
        mode: 0o600,
        what: 'journal',
        ...(options.exclusive ? { exclusive: true } : {}),
      });
    } catch (err) {
      throw writeFailure(path, err);
    }
    const writer = new JournalWriter(path, file.fd, options);
    try {
      writer.writeLine(encodeHeaderLine(header));
      writer.syncNow();
      // In place once its header is on disk, so a reader never finds a headerless journal.
      file.commit();
    } catch (err) {
      writer.abandon();
      file.discard();
      throw err instanceof JournalWriteError ? err : writeFailure(path, err);
    }
    return writer;
  }

  /** Bytes written so far (header included). */
  get bytes(): number {
    return this.written;
  }

  /** Ticks written so far. */
  get ticks(): number {
    return this.count;
  }

  get closed(): boolean {
    return this.fd === null;
  }

  /** Appends one tick; a keyframe every `keyframeEvery` ticks, a delta otherwise. */
  append(tick: TickUpdate): void {
    this.throwPending();
    const keyframe = this.previous === undefined || this.sinceKeyframe >= this.keyframeEvery;
    this.writeLine(encodeTickLine(tick, this.previous, keyframe));
    this.sinceKeyframe = keyframe ? 1 : this.sinceKeyframe + 1;
    this.previous = tick.snapshot;
    this.count++;
    if (this.now() - this.lastSync >= this.fsyncEveryMs) this.syncLater();
  }

  /** Flushes to disk and closes; idempotent. Throws if the final flush fails. */
  close(): void {
    this.throwPending();
    const fd = this.fd;
    if (fd === null) return;
    this.fd = null;
    try {
      fsyncSync(fd);
    } catch (err) {
      if (!isUnsyncable(err)) throw writeFailure(this.path, err);
    } finally {
      closeSync(fd);
    }
  }

  private throwPending(): void {
    const err = this.pendingError;
    if (err === null) return;
    this.pendingError = null;
    this.abandon();
    throw err;
  }

  private writeLine(line: string): void {
    const fd = this.fd;
    if (fd === null) throw new JournalWriteError(`the journal ${this.path} is closed`, 'internal');
    const data = Buffer.from(line, 'utf8');
    let offset = 0;
    try {
      // A regular file takes the whole line in one write unless the disk fills mid-way.
      while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
    } catch (err) {
      this.written += offset;
      this.abandon();
      throw writeFailure(this.path, err);
    }
    this.written += data.length;
  }

  private syncNow(): void {
    if (this.fd === null) return;
    try {
      fsyncSync(this.fd);
    } catch (err) {
      if (isUnsyncable(err)) return;
      this.abandon();
      throw writeFailure(this.path, err);
    }
    this.lastSync = this.now();
  }

  /** fsync without blocking the tick; a failure surfaces on the next append or close. */
  private syncLater(): void {
    if (this.syncing || this.fd === null) return;
    this.syncing = true;
    this.lastSync = this.now();
    fsync(this.fd, (err) => {
      this.syncing = false;
      if (err && !isUnsyncable(err)) this.pendingError = writeFailure(this.path, err);
    });
  }

  private abandon(): void {
    const fd = this.fd;
    this.fd = null;
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // Already failing: the write error is the one to report.
      }
    }
  }
}

/** Some file systems cannot fsync: not an error. */
const isUnsyncable = (err: unknown): boolean => {
  const code = (err as { code?: unknown }).code;
  return code === 'EINVAL' || code === 'EROFS' || code === 'ENOTSUP';
};

/** An fs error while creating or writing `path`, as one sentence saying what to do. */
export function writeFailure(path: string, err: unknown): JournalWriteError {
  if (err instanceof OutputFileError) return new JournalWriteError(err.message, err.code);
  const code = (err as { code?: unknown }).code;
  const e = describeWriteFailure(path, err, code);
  return typeof code === 'string' ? new JournalWriteError(e.message, e.code, code) : e;
}

function describeWriteFailure(path: string, err: unknown, code: unknown): JournalWriteError {
  const at = `cannot write the journal ${path}`;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new JournalWriteError(
        `${at}: the disk is full (${code}); free some space and record again`,
        'internal',
      );
    case 'EACCES':
    case 'EPERM':
      return new JournalWriteError(
        `${at}: permission denied; choose a directory you can write to`,
        'permission',
      );
    case 'EROFS':
      return new JournalWriteError(
        `${at}: the file system is read-only; choose another directory`,
        'permission',
      );
    case 'ENOENT':
    case 'ENOTDIR':
      return new JournalWriteError(
        `${at}: its directory does not exist; create it or choose another path`,
        'not-found',
      );
    case 'EEXIST':
      return new JournalWriteError(
        `${at}: the file already exists; choose another name`,
        'internal',
      );
    case 'EISDIR':
      return new JournalWriteError(`${at}: it is a directory; give a file name`, 'internal');
    default:
      return new JournalWriteError(
        `${at}: ${err instanceof Error ? err.message : String(err)}; check the disk and record again`,
        'internal',
      );
  }
}
