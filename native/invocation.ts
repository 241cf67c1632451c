// How a person runs the `subflow` command on this machine, so that every hint Subflow prints
// ("run sudo … serve") can be typed as it is: `subflow` when it is installed on PATH (the .deb
// puts it there), `npx subflow` from a checkout, where it is not on PATH.
import { delimiter, join } from 'node:path';
import { isExecutable } from './commands.js';

/** 'subflow' or 'npx subflow'. */
export type SubflowCommand = 'subflow' | 'npx subflow';

/**
 * Decides from PATH: a `subflow` found outside any node_modules directory is an installed one
 * (npx puts the checkout's node_modules/.bin on PATH, which would fool a plain look-up). Pure
 * apart from `isExecutable`.
 */
export function subflowCommandFor(
  pathEnv: string | undefined,
  isExecutable: (path: string) => boolean,
): SubflowCommand {
  const dirs = (pathEnv ?? '').split(delimiter).filter((d) => d !== '');
  const installed = dirs.some(
    (dir) => !dir.split('/').includes('node_modules') && isExecutable(join(dir, 'subflow')),
  );
  return installed ? 'subflow' : 'npx subflow';
}

let cached: SubflowCommand | undefined;

/** This process's answer, looked up once. */
export function subflowCommand(): SubflowCommand {
  cached ??= subflowCommandFor(process.env.PATH, isExecutable);
  return cached;
}
