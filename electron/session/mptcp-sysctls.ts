// The net.mptcp.* sysctls for a journal's header, read in the watched namespace by its kernel
// thread (/proc/sys/net shows the reading thread's namespace, and that thread lives in it; the
// main thread never enters a namespace). Where the read fails the snapshot's kernel facts stand
// in, marked so.
import type { Snapshot } from '../contract.js';

/** Reads every file of /proc/sys/net/mptcp in the watched namespace (null: the kernel has none). */
export type SysctlFilesReader = () => Promise<Record<string, string> | null>;

/** Key of the note added when the values come from the snapshot instead of /proc/sys. */
export const SYSCTLS_SOURCE_KEY = 'subflow.sysctls-source';

/** name → value text (e.g. "net.mptcp.enabled" → "1"), sorted by name. */
export async function readHeaderSysctls(
  snapshot: Snapshot,
  read: SysctlFilesReader,
): Promise<Record<string, string>> {
  let files: Record<string, string> | null;
  let problem: string | null = null;
  try {
    files = await read();
  } catch (err) {
    files = null;
    problem = err instanceof Error ? err.message : String(err);
  }
  if (files === null) return fromSnapshot(snapshot, problem);
  const out: Record<string, string> = {};
  for (const name of Object.keys(files).sort()) {
    out[`net.mptcp.${name}`] = (files[name] ?? '').trim();
  }
  return out;
}

/** What the snapshot knows (enabled, path manager, scheduler), with a note saying so. */
export function fromSnapshot(snapshot: Snapshot, problem: string | null): Record<string, string> {
  const k = snapshot.kernel;
  const out: Record<string, string> = {
    [SYSCTLS_SOURCE_KEY]: problem
      ? `from the snapshot (could not read /proc/sys/net/mptcp: ${problem})`
      : 'from the snapshot (this kernel has no /proc/sys/net/mptcp)',
  };
  if (k.mptcp === 'unavailable') return out;
  out['net.mptcp.enabled'] = k.enabled ? '1' : '0';
  if (k.pathManager !== undefined) out['net.mptcp.path_manager'] = k.pathManager;
  if (k.scheduler !== undefined) out['net.mptcp.scheduler'] = k.scheduler;
  return out;
}
