// Typed errors of the kernel boundary. Each says what happened and what the user can do, and
// carries machine-readable fields so the layers above can map it to `{ ok: false, error }` data.
import { subflowCommand } from './invocation.js';

/** Stable codes that cross process boundaries (IPC, HTTP, CLI exit messages). */
export type KernelErrorCode =
  | 'decode' // malformed or truncated bytes from the kernel
  | 'netlink' // the kernel answered a request with an error
  | 'permission' // the operation needs CAP_NET_ADMIN (or root)
  | 'mptcp-unavailable' // the kernel has no (enabled) MPTCP
  | 'netns' // a network namespace could not be entered
  | 'ffi' // the FFI layer (koffi) could not be loaded or a libc call failed
  | 'timeout';

export abstract class KernelError extends Error {
  abstract readonly code: KernelErrorCode;
}

/** Bytes that do not follow the wire format: names the structure and the byte offset. */
export class DecodeError extends KernelError {
  readonly code = 'decode';
  constructor(
    readonly where: string,
    readonly offset: number,
    readonly detail: string,
  ) {
    super(`cannot decode ${where} at byte ${offset}: ${detail}`);
    this.name = 'DecodeError';
  }
}

/** The kernel refused a netlink request; `errno` is positive (e.g. 1 = EPERM, 2 = ENOENT). */
export class NetlinkError extends KernelError {
  readonly code = 'netlink';
  constructor(
    readonly operation: string,
    readonly errno: number,
    readonly kernelMessage: string | undefined,
  ) {
    super(
      `${operation} failed: ${errnoName(errno)} (${errno})` +
        (kernelMessage ? `: ${kernelMessage}` : ''),
    );
    this.name = 'NetlinkError';
  }
}

/** The operation needs a capability this process does not have. */
export class PermissionError extends KernelError {
  readonly code = 'permission';
  constructor(readonly operation: string) {
    super(
      `${operation} needs CAP_NET_ADMIN: run it as root ('sudo ${subflowCommand()} …'), or give node ` +
        `the capability ('sudo setcap cap_net_admin+ep "$(command -v node)"')`,
    );
    this.name = 'PermissionError';
  }
}

/** The kernel has no MPTCP, or it is disabled by sysctl. */
export class MptcpUnavailableError extends KernelError {
  readonly code = 'mptcp-unavailable';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'MptcpUnavailableError';
  }
}

export class NetnsError extends KernelError {
  readonly code = 'netns';
  constructor(
    readonly netns: string,
    readonly detail: string,
  ) {
    super(`cannot enter network namespace '${netns}': ${detail}`);
    this.name = 'NetnsError';
  }
}

export class FfiError extends KernelError {
  readonly code = 'ffi';
  constructor(
    readonly call: string,
    readonly errno: number,
  ) {
    super(`${call} failed: ${errnoName(errno)} (${errno})`);
    this.name = 'FfiError';
  }
}

const ERRNO_NAMES: Record<number, string> = {
  1: 'EPERM',
  2: 'ENOENT',
  3: 'ESRCH',
  4: 'EINTR',
  9: 'EBADF',
  11: 'EAGAIN',
  12: 'ENOMEM',
  13: 'EACCES',
  16: 'EBUSY',
  17: 'EEXIST',
  19: 'ENODEV',
  22: 'EINVAL',
  24: 'EMFILE',
  28: 'ENOSPC',
  34: 'ERANGE',
  61: 'ENODATA',
  71: 'EPROTO',
  75: 'EOVERFLOW',
  93: 'EPROTONOSUPPORT',
  95: 'EOPNOTSUPP',
  97: 'EAFNOSUPPORT',
  105: 'ENOBUFS',
  110: 'ETIMEDOUT',
};

export function errnoName(errno: number): string {
  return ERRNO_NAMES[errno] ?? `errno ${errno}`;
}
