// Where recorded sessions live ($XDG_DATA_HOME/subflow/sessions, else
// ~/.local/share/subflow/sessions, made 0700) and how a session id — a journal's file name, never
// a path — maps to a file there. Names look like 2026-11-22T05-10-00Z-HOST-NETNS.sfj.
import { mkdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { sessionIdSchema } from '../validation.js';
import { JOURNAL_SUFFIX } from './journal/journal-format.js';

/** The sessions directory for this user (not created). */
export function defaultSessionsDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_DATA_HOME'];
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const base = xdg && isAbsolute(xdg) ? xdg : join(env['HOME'] ?? homedir(), '.local/share');
  return join(base, 'subflow', 'sessions');
}

/** An error about the sessions directory or a session id; `code` is an ApiErrorCode. */
export class SessionError extends Error {
  constructor(
    message: string,
    readonly code: 'not-found' | 'bad-request' | 'permission' | 'unavailable' | 'internal',
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

/** Creates the sessions directory (and its parents) if needed, owner-only. */
export async function ensureSessionsDir(dir: string): Promise<string> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw directoryFailure(dir, await realMkdirError(dir, err));
  }
  return dir;
}

/**
 * Node's recursive mkdir reports ENOENT when a parent cannot be made (read-only file system,
 * no permission): making each missing level in turn surfaces the real errno.
 */
async function realMkdirError(dir: string, err: unknown): Promise<unknown> {
  if ((err as { code?: unknown }).code !== 'ENOENT') return err;
  const missing: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    try {
      await stat(at);
      break;
    } catch {
      missing.unshift(at);
      if (dirname(at) === at) break;
    }
  }
  for (const level of missing) {
    try {
      await mkdir(level, { mode: 0o700 });
    } catch (levelErr) {
      return levelErr;
    }
  }
  return err;
}

export function directoryFailure(dir: string, err: unknown): SessionError {
  const code = (err as { code?: unknown }).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new SessionError(
      `cannot create the sessions directory ${dir}: ${code === 'EROFS' ? 'read-only file system' : 'permission denied'}; set XDG_DATA_HOME to a writable directory`,
      'permission',
    );
  if (code === 'ENOTDIR' || code === 'EEXIST')
    return new SessionError(
      `cannot create the sessions directory ${dir}: part of that path is a file; move it away or set XDG_DATA_HOME`,
      'internal',
    );
  const what = err instanceof Error ? err.message : String(err);
  return new SessionError(
    `cannot create the sessions directory ${dir} (${what}); set XDG_DATA_HOME to a writable directory`,
    code === 'ENOENT' ? 'not-found' : 'internal',
  );
}

/** Letters, digits, "_", "." and "-" only, so the name is a valid session id. */
const safe = (text: string): string =>
  text
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 60) || 'x';

/** The file name of a session started at `time` on `hostname`, watching `netns` (null: host). */
export function sessionFileName(
  time: number,
  hostname: string,
  netns: string | null,
  attempt = 1,
): string {
  const stamp = new Date(time)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
  const suffix = attempt > 1 ? `-${attempt}` : '';
  return `${stamp}-${safe(hostname)}-${safe(netns ?? 'host')}${suffix}${JOURNAL_SUFFIX}`;
}

/** Whether `name` is a journal's file name in a sessions directory. */
export const isSessionFile = (name: string): boolean =>
  name.endsWith(JOURNAL_SUFFIX) && sessionIdSchema.safeParse(name).success;

/** The path of session `id` in `dir`; refuses ids that are not plain journal names or absent. */
export async function sessionPath(dir: string, id: string): Promise<string> {
  if (!isSessionFile(id) || basename(id) !== id)
    throw new SessionError(
      `"${id}" is not a session id: pass a journal file name from sessions:list`,
      'bad-request',
    );
  const path = join(dir, id);
  try {
    const s = await stat(path);
    if (!s.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
  } catch {
    throw new SessionError(
      `no session "${id}" in ${dir}: pick one from sessions:list`,
      'not-found',
    );
  }
  return path;
}
