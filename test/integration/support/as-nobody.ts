// Runs a child as user nobody inside a namespace, the way every unprivileged integration check
// does: `ip netns exec NS setpriv --reuid nobody --regid nogroup --clear-groups --inh-caps=-all
// ARGV…`, with HOME=/tmp, from the repository root. Never rejects for the child's exit status.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (integration children import the sources relative to it). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** This Node with tsx loaded: put before a .ts script or `--input-type=module -e CODE`. */
export const NODE_TSX: readonly string[] = [process.execPath, '--import', 'tsx'];

/** How a child ran. */
export interface AsNobodyResult {
  /** Exit status; -1 when it was killed or could not start. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of runChild and runAsNobody. */
export interface AsNobodyOptions {
  /** Working directory; default the repository root. */
  readonly cwd?: string;
  /** Variables added to this process's environment (HOME is /tmp unless given). */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the child after this long, in milliseconds; default 60 000. */
  readonly timeoutMs?: number;
}

/** Runs `argv` (no shell) with HOME=/tmp from the repository root; never rejects. */
export function runChild(
  argv: readonly string[],
  options: AsNobodyOptions = {},
): Promise<AsNobodyResult> {
  const [program = 'false', ...args] = argv;
  // tsx compiles with the repository's tsconfig; nobody cannot write a compile cache in /root.
  const env = { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.json', HOME: '/tmp', ...options.env };
  return new Promise((resolve) => {
    execFile(
      program,
      args,
      {
        cwd: options.cwd ?? REPO_ROOT,
        env,
        encoding: 'utf8',
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `argv` as nobody/nogroup, with no supplementary groups and no capabilities, in `netns`. */
export function runAsNobody(
  netns: string,
  argv: readonly string[],
  options: AsNobodyOptions = {},
): Promise<AsNobodyResult> {
  return runChild(
    [
      ...['ip', 'netns', 'exec', netns, 'setpriv', '--reuid', 'nobody', '--regid', 'nogroup'],
      ...['--clear-groups', '--inh-caps=-all', ...argv],
    ],
    options,
  );
}

/** Runs a TypeScript child (`node --import tsx ARGS…`) as nobody; its last stdout line as JSON. */
export async function runTsAsNobody<T>(
  netns: string,
  args: readonly string[],
  options: AsNobodyOptions = {},
): Promise<T> {
  const result = await runAsNobody(netns, [...NODE_TSX, ...args], options);
  if (result.code !== 0) {
    throw new Error(
      `unprivileged child exited with ${String(result.code)}: ${result.stderr.trim()}`,
    );
  }
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}
