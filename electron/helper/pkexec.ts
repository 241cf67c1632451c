// Starting the privileged helper: which program to run (the installed wrapper, or a checkout's
// CLI under node for development), through pkexec unless the app already has the rights, and
// what each way of failing means for the user — pkexec exits 126 when the password dialog is
// dismissed and 127 when it cannot authorise at all (no polkit agent, not allowed).
import { subflowCommand } from '../../native/invocation.js';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { ChildEnd } from './stdio-link.js';
import { stdioLink } from './stdio-link.js';
import type { RemoteHost } from './remote-host.js';
import { createRemoteHost } from './remote-host.js';

/** Where the .deb installs the helper wrapper (the polkit policy names this exact path). */
export const INSTALLED_HELPER = '/usr/lib/subflow/subflow-helper';

/** How to start the helper. */
export interface HelperLaunch {
  /** pkexec (a name on PATH or a path), or null to run the helper directly (already root). */
  readonly pkexec: string | null;
  /** The helper's command line before its options, program first. */
  readonly helper: readonly string[];
  /** Namespace the helper watches, or null for its own. */
  readonly netns: string | null;
}

/** What {@link planHelperLaunch} decides from. */
export interface LaunchContext {
  /** Whether the app runs from a package (else from a checkout). */
  readonly packaged: boolean;
  /** The app's directory (a checkout's root in development). */
  readonly appPath: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly uid: number;
  readonly netns?: string | null;
  readonly exists?: (path: string) => boolean;
}

const HOW_ELSE =
  `or run an agent with the rights yourself (sudo ${subflowCommand()} serve) and start Subflow with ` +
  'SUBFLOW_AGENT_URL set to the URL it prints';

/**
 * The launch plan, or why there is none. SUBFLOW_HELPER overrides the helper's command line
 * (words separated by spaces, program first) and SUBFLOW_PKEXEC the pkexec program.
 */
export function planHelperLaunch(
  ctx: LaunchContext,
): { ok: true; launch: HelperLaunch } | { ok: false; message: string } {
  const exists = ctx.exists ?? existsSync;
  const pkexec = ctx.uid === 0 ? null : (ctx.env.SUBFLOW_PKEXEC ?? 'pkexec');
  const netns = ctx.netns ?? null;
  const override = ctx.env.SUBFLOW_HELPER?.trim();
  if (override) {
    return { ok: true, launch: { pkexec, helper: override.split(/\s+/), netns } };
  }
  if (ctx.packaged) {
    if (!exists(INSTALLED_HELPER)) {
      return {
        ok: false,
        message:
          `the privileged helper is not installed (${INSTALLED_HELPER}): install Subflow's .deb ` +
          `package (the AppImage cannot install it), ${HOW_ELSE}`,
      };
    }
    return { ok: true, launch: { pkexec, helper: [INSTALLED_HELPER], netns } };
  }
  const cli = join(ctx.appPath, 'dist', 'electron', 'cli.js');
  const node = findOnPath('node', ctx.env.PATH ?? '', exists);
  if (node === null || !exists(cli)) {
    return {
      ok: false,
      message:
        `the development helper needs node on PATH and ${cli} (run npm run build), ` +
        `or set SUBFLOW_HELPER to the helper's command line`,
    };
  }
  return { ok: true, launch: { pkexec, helper: [node, cli, 'helper'], netns } };
}

/** The program and arguments to spawn for a launch plan. */
export function helperCommandLine(launch: HelperLaunch): { file: string; args: string[] } {
  const options = ['--stdio', ...(launch.netns !== null ? ['--netns', launch.netns] : [])];
  const [program = INSTALLED_HELPER, ...rest] = launch.helper;
  if (launch.pkexec === null) return { file: program, args: [...rest, ...options] };
  return { file: launch.pkexec, args: [program, ...rest, ...options] };
}

/** One sentence for how the helper ended (or failed to start), saying what to do. */
export function describeHelperEnd(end: ChildEnd, launch: HelperLaunch): string {
  const { file } = helperCommandLine(launch);
  const lastLine = lastStderrLine(end.stderr);
  const said = lastLine ? `: ${lastLine}` : '';
  if (end.spawnError) {
    if (end.spawnError.code === 'ENOENT' && launch.pkexec !== null) {
      return (
        'pkexec is not installed, so Subflow cannot ask for administrator rights: install it ' +
        `(sudo apt install pkexec; policykit-1 on older releases) ${HOW_ELSE}`
      );
    }
    return `${file} could not be started (${end.spawnError.code ?? end.spawnError.message}); check the path`;
  }
  if (launch.pkexec !== null && end.code === 126) {
    return (
      'administrator rights were not granted (the password dialog was dismissed); try again ' +
      'and enter an administrator password when asked'
    );
  }
  if (launch.pkexec !== null && end.code === 127) {
    if (/authentication agent/i.test(end.stderr)) {
      return (
        'no polkit authentication agent runs in this desktop session, so pkexec cannot ask ' +
        'for a password: install and start one (e.g. sudo apt install lxpolkit, or ' +
        `polkit-kde-agent-1 / mate-polkit / the GNOME shell's own) ${HOW_ELSE}`
      );
    }
    if (/not authori[sz]ed/i.test(end.stderr)) {
      return `polkit does not allow this user to run Subflow's helper; ask an administrator, ${HOW_ELSE}`;
    }
    return `pkexec could not run the privileged helper (exit 127${said}); ${HOW_ELSE}`;
  }
  if (end.signal !== null) return `the privileged helper was stopped by ${end.signal}${said}`;
  if (end.closedByUs) return `the privileged helper exited (code ${end.code ?? '?'}${said})`;
  return `the privileged helper stopped unexpectedly (exit ${end.code ?? '?'}${said}); try again`;
}

/** The helper could not be started; `code` makes toApiError answer 'permission'. */
export class HelperStartError extends Error {
  readonly code = 'permission';
  constructor(message: string) {
    super(message);
    this.name = 'HelperStartError';
  }
}

/**
 * Starts the helper and waits for its first answer (so a refused password or a crash on start
 * rejects here with a HelperStartError saying what to do). The RemoteHost's `closed` tells when
 * a running helper goes away.
 */
export async function startPrivilegedHelper(
  launch: HelperLaunch,
  log?: (line: string) => void,
): Promise<RemoteHost> {
  const { file, args } = helperCommandLine(launch);
  const remote = createRemoteHost(
    stdioLink({ file, args, describeEnd: (end) => describeHelperEnd(end, launch), log }),
    { peer: 'the privileged helper', ...(log ? { log } : {}) },
  );
  await remote.invoke('snapshot:get', {});
  if (remote.isClosed) {
    throw new HelperStartError((await remote.closed) ?? 'the privileged helper closed');
  }
  return remote;
}

function lastStderrLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return (lines.at(-1) ?? '').slice(0, 300);
}

/** The absolute path of `name` on a PATH string, or null. */
export function findOnPath(
  name: string,
  path: string,
  exists: (p: string) => boolean = existsSync,
): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir.startsWith('/')) continue;
    const candidate = join(dir, name);
    if (exists(candidate)) return candidate;
  }
  return null;
}
