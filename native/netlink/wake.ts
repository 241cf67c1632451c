// Waking a thread that blocks on a netlink socket. A listener thread (path-manager events,
// rtnetlink changes) used to wake every 200 ms to look at a stop flag: 5 wake-ups a second per
// thread for nothing while idle. Instead it blocks in poll(2) on its socket AND an eventfd that
// the main thread writes to when it wants the thread to stop. The main thread creates and closes
// the eventfd (fds are shared by the threads of a process, whatever their network namespace), so
// a write never reaches an fd number the thread has already closed and reused.
import { closeSync, writeSync } from 'node:fs';
import { FfiError } from '../errors.js';
import { libc } from './libc.js';

const EFD_CLOEXEC = 0o2000000;
const POLLIN = 0x1;
const EINTR = 4;

/** The main thread's end: an eventfd that makes waitReadable() return 'woken'. */
export class Wake {
  private closed = false;

  private constructor(readonly fd: number) {}

  static open(): Wake {
    const c = libc();
    const fd = c.eventfd(0, EFD_CLOEXEC);
    if (fd < 0) throw new FfiError('eventfd', c.errno());
    return new Wake(fd);
  }

  /** Wakes the thread waiting on this fd (and every later wait returns at once). */
  wake(): void {
    if (this.closed) return;
    const one = Buffer.alloc(8);
    one.writeBigUInt64LE(1n); // eventfd adds the host-endian u64; x86/arm64 Linux are little-endian
    writeSync(this.fd, one);
  }

  /** Closes the eventfd: only once the waiting thread has exited. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** Runs `start` (a thread that will wait on `wake`); closes `wake` if it throws. */
export function startOrClose<T>(wake: Wake, start: () => T): T {
  try {
    return start();
  } catch (err) {
    wake.close();
    throw err;
  }
}

/** What a wait ended with. */
export type WaitResult = 'readable' | 'woken' | 'timeout';

/**
 * Blocks until `fd` has data, `wakeFd` was written to, or `timeoutMs` passed (-1: no limit).
 * A wake wins over data: a thread asked to stop stops.
 */
export function waitReadable(fd: number, wakeFd: number, timeoutMs: number): WaitResult {
  const c = libc();
  const fds = new Uint8Array(16);
  const view = new DataView(fds.buffer);
  view.setInt32(0, fd, true);
  view.setInt16(4, POLLIN, true);
  view.setInt32(8, wakeFd, true);
  view.setInt16(12, POLLIN, true);
  for (;;) {
    const n = c.poll(fds, 2, timeoutMs);
    if (n < 0) {
      const errno = c.errno();
      if (errno === EINTR) continue;
      throw new FfiError('poll', errno);
    }
    if (n === 0) return 'timeout';
    // Any revents on the eventfd (POLLIN; POLLERR/POLLNVAL if it was closed) means stop.
    if (view.getInt16(14, true) !== 0) return 'woken';
    return 'readable';
  }
}
