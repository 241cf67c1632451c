// Entering a named network namespace (/run/netns/NAME, as `ip netns` makes them). setns(2) with
// CLONE_NEWNET changes only the calling thread, and sockets keep the namespace they were
// created in. So a worker thread may enter a namespace for good, and a short synchronous
// section (`withNetns`) may open sockets there and come straight back.
import { closeSync, openSync } from 'node:fs';
import { NetnsError } from './errors.js';
import { libc } from './netlink/libc.js';

const CLONE_NEWNET = 0x40000000;

/** Names as `ip netns add` accepts them, minus anything that could walk out of /run/netns. */
export function validateNetnsName(name: string): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(name) || name === '.' || name === '..') {
    throw new NetnsError(name, 'not a valid namespace name (letters, digits, "_", ".", "-")');
  }
  return name;
}

export const netnsPath = (name: string): string => `/run/netns/${validateNetnsName(name)}`;

function setnsFromPath(path: string, label: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new NetnsError(
      label,
      code === 'ENOENT'
        ? `${path} does not exist (list namespaces with 'ip netns list')`
        : `cannot open ${path} (${code ?? String(err)})`,
    );
  }
  try {
    const c = libc();
    if (c.setns(fd, CLONE_NEWNET) < 0) {
      const errno = c.errno();
      throw new NetnsError(
        label,
        errno === 1 ? 'setns needs CAP_SYS_ADMIN: run as root' : `setns failed (errno ${errno})`,
      );
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Moves the calling thread into the namespace for good. Use it on a worker thread or in a
 * process dedicated to that namespace, never on a thread that other code shares.
 */
export function enterNetns(name: string): void {
  setnsFromPath(netnsPath(name), name);
}

/**
 * Runs `fn` synchronously inside the namespace and returns to the thread's own namespace before
 * any other code can run. Sockets `fn` opens stay in the namespace. `fn` must not be async.
 */
export function withNetns<T>(name: string, fn: () => T): T {
  const path = netnsPath(name);
  const home = openSync('/proc/thread-self/ns/net', 'r');
  try {
    setnsFromPath(path, name);
    try {
      return fn();
    } finally {
      if (libc().setns(home, CLONE_NEWNET) < 0) {
        // Staying in the wrong namespace would silently monitor the wrong host: stop instead.
        process.abort();
      }
    }
  } finally {
    closeSync(home);
  }
}
