// Checks, before the lab changes anything, that every program it will run is on PATH, so a
// missing `mptcpize` is named with its package at `lab up` instead of failing later inside
// `ip netns exec` with "exec of "mptcpize" failed".
import { isExecutable, missingTools, searchDirs } from '../commands.js';
import { LabToolMissingError } from './lab-errors.js';

/** Every program the lab runs: up and down (ip, tc, sysctl, ss) and traffic (iperf3, mptcpize). */
export const LAB_TOOLS: readonly string[] = ['ip', 'tc', 'ss', 'sysctl', 'iperf3', 'mptcpize'];

/** Throws LabToolMissingError naming every missing tool and its Debian package. */
export function assertLabTools(
  tools: readonly string[] = LAB_TOOLS,
  pathEnv: string | undefined = process.env.PATH,
): void {
  const missing = missingTools(tools, searchDirs(pathEnv), isExecutable);
  if (missing.length > 0) throw new LabToolMissingError(missing);
}
