// The one way Subflow writes a file a user named (`report --out`, `record --out`, exports,
// journals in the sessions directory): only ever a regular file. Whatever is at the path is
// looked at without following links first; a symbolic link, device, FIFO, socket or directory
// is refused with a sentence saying so, and is left as it was. New data goes into a fresh file
// of our own (O_EXCL | O_NOFOLLOW, the mode asked for) beside the target, which is renamed over
// the target: the target is replaced atomically, and only when it was a regular file or absent.
import { randomBytes } from 'node:crypto';
import { constants, lstatSync, openSync, renameSync, rmSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A path that must not be written: not a regular file. */
export class OutputFileError extends Error {
  constructor(
    message: string,
    readonly code: 'bad-request',
  ) {
    super(message);
    this.name = 'OutputFileError';
  }
}

export interface OutputFileOptions {
  /** Permission bits of the new file (0600 for journals). */
  readonly mode: number;
  /**
   * Create the file under its own name and fail with EEXIST if anything is there (new names
   * in the sessions directory), instead of replacing a regular file.
   */
  readonly exclusive?: boolean;
  /** How the file is named in messages: "report", "journal". */
  readonly what: string;
}

/** An output file being written: write to `fd`, then commit() to put it in place. */
export interface OutputFile {
  readonly path: string;
  readonly fd: number;
  /** Moves the new file over the target (nothing to do for exclusive files). */
  commit(): void;
  /** Removes the new file if it was not committed (the caller closes `fd`). */
  discard(): void;
}

// O_NONBLOCK: opening a FIFO that has no reader must fail at once rather than hang.
const NEW_FILE =
  constants.O_WRONLY |
  constants.O_CREAT |
  constants.O_EXCL |
  constants.O_NOFOLLOW |
  constants.O_NONBLOCK;

/** What `info` is, in words, when it is not something Subflow may write over. */
function kindOf(info: Stats): string | null {
  if (info.isFile()) return null;
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isDirectory()) return 'a directory';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

function refusal(path: string, what: string, kind: string): OutputFileError {
  return new OutputFileError(
    `refusing to write the ${what} to ${path}: it is ${kind}, and Subflow writes only regular ` +
      'files; give the path of a new file or of a regular file to replace',
    'bad-request',
  );
}

/** Throws OutputFileError unless `path` is absent or a regular file (links not followed). */
export function checkOutputPathSync(path: string, what: string): void {
  let info: Stats;
  try {
    info = lstatSync(path);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return;
    throw err;
  }
  const kind = kindOf(info);
  if (kind !== null) throw refusal(path, what, kind);
}

/** {@link checkOutputPathSync} without blocking the event loop. */
export async function checkOutputPath(path: string, what: string): Promise<void> {
  let info: Stats;
  try {
    info = await lstat(path);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return;
    throw err;
  }
  const kind = kindOf(info);
  if (kind !== null) throw refusal(path, what, kind);
}

/** A temporary name beside `path`, unique per call. */
function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Opens a new output file for `path` (synchronously, for the journal writer). Fs errors are
 * thrown as they come (with their `code`); a path that is not a regular file throws
 * OutputFileError before anything is created.
 */
export function openOutputFile(path: string, options: OutputFileOptions): OutputFile {
  checkOutputPathSync(path, options.what);
  const exclusive = options.exclusive === true;
  const written = exclusive ? path : tempPathFor(path);
  const fd = openSync(written, NEW_FILE, options.mode);
  let placed = exclusive;
  return {
    path,
    fd,
    commit() {
      if (placed) return;
      // Checked again just before: whatever appeared meanwhile is refused, not replaced.
      checkOutputPathSync(path, options.what);
      renameSync(written, path);
      placed = true;
    },
    discard() {
      if (!placed) rmSync(written, { force: true });
    },
  };
}

/**
 * Writes `data` as the whole of `path`: into a new file beside it (mode `options.mode`),
 * flushed, then renamed over it. Returns the bytes written. Refuses (OutputFileError) a path
 * that is not a regular file; other fs errors are thrown with their `code`.
 */
export async function writeOutputFile(
  path: string,
  data: string | Uint8Array,
  options: OutputFileOptions,
): Promise<number> {
  await checkOutputPath(path, options.what);
  const temp = tempPathFor(path);
  const handle = await open(temp, NEW_FILE, options.mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await checkOutputPath(path, options.what);
    await rename(temp, path);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}
