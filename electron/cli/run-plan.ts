// What `subflow run` checks before it starts a program: that the MPTCP wrapper (Debian's
// libmptcpwrap, the library `mptcpize run` preloads) is installed, that MPTCP is enabled in the
// namespace, and that the program is dynamically linked (LD_PRELOAD cannot reach a static one).
// Each failure is a sentence saying what is wrong and what to do.
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileElfLinking } from '../../native/procfs/elf.js';
import type { MptcpSysctls } from '../../native/procfs/sysctl.js';

/** A check that stops `subflow run` before it starts anything (exit code 1). */
export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunError';
  }
}

/** Where Debian's libmptcpwrap0 puts the wrapper, under each multiarch library directory. */
const WRAPPER = join('mptcpize', 'libmptcpwrap.so.0');

/** The wrapper library under `libRoots` (`/usr/lib/<triplet>/mptcpize/…` first), or null. */
export function findWrapper(
  libRoots: readonly string[] = ['/usr/lib', '/usr/local/lib'],
): string | null {
  for (const root of libRoots) {
    const direct = join(root, WRAPPER);
    if (existsSync(direct)) return direct;
    let entries: string[];
    try {
      entries = readdirSync(root);
    } catch {
      continue;
    }
    for (const entry of entries.sort()) {
      if (!entry.includes('-linux-')) continue; // multiarch triplets, e.g. x86_64-linux-gnu
      const path = join(root, entry, WRAPPER);
      if (existsSync(path)) return path;
    }
  }
  return null;
}

export const WRAPPER_MISSING =
  'the MPTCP wrapper library (libmptcpwrap, which `mptcpize run` preloads) is not installed: ' +
  'install the Debian package mptcpize (apt install mptcpize) and run this again';

/** Why MPTCP cannot be used in the namespace, or null when it can. */
export function mptcpDisabledReason(sysctls: MptcpSysctls | null, where: string): string | null {
  if (sysctls === null) {
    return `this kernel has no MPTCP (no /proc/sys/net/mptcp ${where}): use a kernel built with CONFIG_MPTCP (5.6 or later)`;
  }
  if (sysctls.enabled === false) {
    return `MPTCP is disabled ${where} (net.mptcp.enabled = 0), so its sockets would fail to open: enable it with 'sysctl -w net.mptcp.enabled=1'`;
  }
  return null;
}

/** The executable a command name runs: itself when it has a slash, else the first in PATH. */
export function resolveExecutable(command: string, path = process.env.PATH ?? ''): string | null {
  const candidates = command.includes('/')
    ? [command]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((d) => join(d, command));
  for (const candidate of candidates) {
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there, or not executable: try the next
    }
  }
  return null;
}

/** Throws when `command` is missing or statically linked; scripts pass (their interpreter is checked by the kernel). */
export function checkExecutable(command: string): string {
  const path = resolveExecutable(command);
  if (path === null)
    throw new RunError(`cannot find the program '${command}': check its name or give its path`);
  if (fileElfLinking(path) === 'static') {
    throw new RunError(
      `${path} is statically linked: it does not load the dynamic loader, so the LD_PRELOAD wrapper cannot make its sockets MPTCP. ` +
        'Use a dynamically linked build, or a program that opens IPPROTO_MPTCP sockets itself',
    );
  }
  return path;
}

/** LD_PRELOAD with the wrapper first, keeping what the caller had preloaded. */
export function preloadWith(wrapper: string, current: string | undefined): string {
  return current ? `${wrapper}:${current}` : wrapper;
}
