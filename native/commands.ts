// The programs Subflow and its lab run, the Debian package of each, and how to tell which are
// missing: by looking on PATH (and in sbin, where root's tools live), never by asking the
// package manager, since a package being installed says nothing about the command.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The Debian package of each program the lab runs. `mptcpize` is a package of its own: the
 * `mptcpd` package ships only the daemon. .ci/commands says the same (a unit test checks).
 */
export const TOOL_PACKAGES: Readonly<Record<string, string>> = {
  ip: 'iproute2',
  tc: 'iproute2',
  ss: 'iproute2',
  iperf3: 'iperf3',
  mptcpize: 'mptcpize',
  sysctl: 'procps',
};

/** "`mptcpize` was not found: install the Debian package mptcpize (…) and try again." */
export function toolsMissingMessage(tools: readonly string[]): string {
  const packages = [...new Set(tools.map((t) => TOOL_PACKAGES[t] ?? t))];
  const names = tools.map((t) => `\`${t}\``).join(', ');
  const verb = tools.length === 1 ? 'was' : 'were';
  const noun = packages.length === 1 ? 'package' : 'packages';
  return (
    `${names} ${verb} not found: install the Debian ${noun} ${packages.join(' ')} ` +
    `(sudo apt-get install ${packages.join(' ')}) and try again.`
  );
}

/** Where root's tools live even when PATH leaves them out (as a plain user's PATH often does). */
const SBIN_DIRS: readonly string[] = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** The directories searched for a program: PATH, then the sbin directories it lacks. */
export function searchDirs(pathEnv: string | undefined): string[] {
  const dirs = (pathEnv ?? '').split(delimiter).filter((d) => d !== '');
  return [...dirs, ...SBIN_DIRS.filter((d) => !dirs.includes(d))];
}

/** The tools of `tools` that `isExecutable` finds in none of `dirs`, in order. */
export function missingTools(
  tools: readonly string[],
  dirs: readonly string[],
  isExecutable: (path: string) => boolean,
): string[] {
  return tools.filter((tool) => !dirs.some((dir) => isExecutable(join(dir, tool))));
}

/** Whether `path` is a file this process may execute. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
