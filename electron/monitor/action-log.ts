// The action log shared by every Subflow process watching one namespace: NDJSON lines under
// ${SUBFLOW_RUN_DIR:-/run/subflow}/, one file per namespace, so `subflow serve` recognises a
// change made by the `subflow multipath` command (or another serve) as Subflow's own. A change
// writes a "begin" line before its first kernel request and an "end" line with the endpoints
// it left. Bounded: past MAX_BYTES the file is rewritten with its newest lines only.
import { appendFileSync, mkdirSync, openSync, readSync, closeSync, renameSync } from 'node:fs';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ActionDetails } from '../contract.js';
import type { EndpointShape } from './endpoint-diff.js';

/** The file is cut back to KEEP_LINES once it grows past this many bytes. */
export const MAX_BYTES = 256 * 1024;
const KEEP_LINES = 200;

/** The directory of the shared logs: $SUBFLOW_RUN_DIR, else /run/subflow. */
export function runDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SUBFLOW_RUN_DIR !== undefined && env.SUBFLOW_RUN_DIR !== ''
    ? env.SUBFLOW_RUN_DIR
    : '/run/subflow';
}

/** The log of namespace `netns` (null = the host's own namespace). Names are validated upstream. */
export function actionLogPath(netns: string | null, env: NodeJS.ProcessEnv = process.env): string {
  return join(
    runDir(env),
    netns === null ? 'actions.host.ndjson' : `actions.netns.${netns}.ndjson`,
  );
}

const endpointShape = z.object({
  id: z.number().int(),
  address: z.string(),
  port: z.number().int().optional(),
  flags: z.array(z.enum(['signal', 'subflow', 'backup', 'fullmesh', 'implicit', 'laminar'])),
});

const lineSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('begin'), id: z.string(), pid: z.number(), time: z.number() }),
  z.object({
    phase: z.literal('end'),
    id: z.string(),
    pid: z.number(),
    time: z.number(),
    action: z.object({
      kind: z.enum(['multipath', 'limits', 'doctor-fix', 'record', 'playback']),
      origin: z.enum(['dashboard', 'api', 'desktop', 'cli', 'remembered']),
      change: z.string(),
      result: z.enum(['done', 'refused']),
      reason: z.string().optional(),
      trigger: z.string().optional(),
    }),
    interface: z.string().optional(),
    endpoints: z.array(endpointShape).nullable(),
  }),
]);

export type ActionLogLine =
  | { readonly phase: 'begin'; readonly id: string; readonly pid: number; readonly time: number }
  | {
      readonly phase: 'end';
      readonly id: string;
      readonly pid: number;
      readonly time: number;
      readonly action: ActionDetails;
      readonly interface?: string;
      /** Every endpoint after the change (read back), or null when unknown. */
      readonly endpoints: readonly EndpointShape[] | null;
    };

/** The line as logged, or null for anything else (a torn or foreign line is skipped). */
export function parseActionLine(text: string): ActionLogLine | null {
  try {
    const parsed = lineSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Appends one line; returns the error sentence instead of throwing (an unprivileged process
 * cannot write /run/subflow, and changes nothing either, so callers only note it).
 */
export function appendActionLine(path: string, line: ActionLogLine): string | null {
  try {
    mkdirSync(join(path, '..'), { recursive: true, mode: 0o755 });
    appendFileSync(path, JSON.stringify(line) + '\n', { mode: 0o644 });
    if (statSync(path).size > MAX_BYTES) {
      const kept = readFileSync(path, 'utf8').trimEnd().split('\n').slice(-KEEP_LINES);
      writeFileSync(`${path}.tmp`, kept.join('\n') + '\n', { mode: 0o644 });
      renameSync(`${path}.tmp`, path);
    }
    return null;
  } catch (err) {
    return `cannot write the shared action log ${path}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Reads the lines appended since the last read (from the end of the file at creation). */
export class ActionLogReader {
  private offset: number;
  private inode: number;
  private partial = '';

  constructor(readonly path: string) {
    const { size, ino } = this.stat();
    this.offset = size;
    this.inode = ino;
  }

  private stat(): { size: number; ino: number } {
    try {
      const st = statSync(this.path);
      return { size: st.size, ino: st.ino };
    } catch {
      return { size: 0, ino: 0 };
    }
  }

  /** New complete lines, oldest first; a file cut back or replaced is read again from its start. */
  read(): ActionLogLine[] {
    const { size, ino } = this.stat();
    if (size < this.offset || ino !== this.inode) {
      this.offset = 0;
      this.partial = '';
      this.inode = ino;
    }
    if (size === this.offset) return [];
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return [];
    }
    try {
      const buffer = Buffer.alloc(size - this.offset);
      const got = readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset += got;
      const text = this.partial + buffer.subarray(0, got).toString('utf8');
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      return lines.flatMap((l) => {
        const line = parseActionLine(l);
        return line ? [line] : [];
      });
    } finally {
      closeSync(fd);
    }
  }
}
