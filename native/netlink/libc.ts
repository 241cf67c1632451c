// The few libc calls Subflow needs, bound through koffi (FFI). Loaded lazily so that code which
// only parses text or decodes captured bytes never needs the native library.
import koffi from 'koffi';
import type { LibraryHandle } from 'koffi';
import { FfiError } from '../errors.js';

export interface Libc {
  socket(domain: number, type: number, protocol: number): number;
  bind(fd: number, addr: Uint8Array, len: number): number;
  sendto(
    fd: number,
    buf: Uint8Array,
    len: number,
    flags: number,
    addr: Uint8Array,
    alen: number,
  ): number;
  recv(fd: number, buf: Uint8Array, len: number, flags: number): number;
  setsockopt(fd: number, level: number, name: number, value: Uint8Array, len: number): number;
  close(fd: number): number;
  setns(fd: number, nstype: number): number;
  /** poll(2) over `fds` (struct pollfd[], 8 bytes each, revents written back). */
  poll(fds: Uint8Array, count: number, timeoutMs: number): number;
  eventfd(initval: number, flags: number): number;
  /** errno of the last failed call on this thread. */
  errno(): number;
}

let loaded: Libc | null = null;

export function libc(): Libc {
  if (loaded) return loaded;
  let lib: LibraryHandle;
  try {
    lib = koffi.load('libc.so.6');
  } catch (err) {
    throw new FfiError(`loading libc through koffi (${String(err)})`, 0);
  }
  const bound = {
    socket: lib.func('int socket(int, int, int)'),
    bind: lib.func('int bind(int, const void *, uint32_t)'),
    sendto: lib.func('long sendto(int, const void *, size_t, int, const void *, uint32_t)'),
    recv: lib.func('long recv(int, void *, size_t, int)'),
    setsockopt: lib.func('int setsockopt(int, int, int, const void *, uint32_t)'),
    close: lib.func('int close(int)'),
    setns: lib.func('int setns(int, int)'),
    poll: lib.func('int poll(void *, unsigned long, int)'),
    eventfd: lib.func('int eventfd(unsigned int, int)'),
  };
  loaded = {
    socket: (d, t, p) => bound.socket(d, t, p) as number,
    bind: (fd, a, l) => bound.bind(fd, a, l) as number,
    sendto: (fd, b, l, f, a, al) => Number(bound.sendto(fd, b, l, f, a, al)),
    recv: (fd, b, l, f) => Number(bound.recv(fd, b, l, f)),
    setsockopt: (fd, lv, n, v, l) => bound.setsockopt(fd, lv, n, v, l) as number,
    close: (fd) => bound.close(fd) as number,
    setns: (fd, t) => bound.setns(fd, t) as number,
    poll: (f, n, t) => bound.poll(f, n, t) as number,
    eventfd: (v, f) => bound.eventfd(v, f) as number,
    errno: () => koffi.errno(),
  };
  return loaded;
}
