// The rendezvous between `subflow agent` and the desktop app: a small JSON file,
// ${SUBFLOW_RUN_DIR:-/run/subflow}/agent.json, holding `{ url, token, pid }` of the running agent.
// It is mode 0640 with group netdev where that group exists, so only root and members of netdev
// (Debian's group for users allowed to manage networking) learn the token. This module is pure:
// where the file is, what it holds, and what the app and a starting agent decide from the facts
// about it (rendezvous-file.ts gathers the facts and writes the file).
import { join } from 'node:path';
import { z } from 'zod';
import { runDir } from '../monitor/action-log.js';
import type { AgentTarget } from './agent-link.js';
import { targetOf } from './agent-link.js';

/** The file name inside the run directory. */
export const RENDEZVOUS_NAME = 'agent.json';
/** Debian's group for users allowed to manage networking; the file's group when it exists. */
export const RENDEZVOUS_GROUP = 'netdev';
/** The file's mode: the agent (root) writes, the group reads, nobody else. */
export const RENDEZVOUS_MODE = 0o640;

/** Where the rendezvous file is for this environment. */
export function rendezvousPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(runDir(env), RENDEZVOUS_NAME);
}

/** What a running agent writes. */
export interface Rendezvous {
  /** The agent's address without the token, e.g. http://127.0.0.1:7070/. */
  readonly url: string;
  readonly token: string;
  /** The agent's process id, so a reader can tell a file left behind by a dead agent. */
  readonly pid: number;
}

const rendezvousSchema = z.object({
  url: z.string().min(1).max(200),
  token: z.string().min(1).max(256),
  pid: z.number().int().positive(),
});

/** The file's text for `info` (one JSON object and a newline). */
export const rendezvousText = (info: Rendezvous): string =>
  `${JSON.stringify({ url: info.url, token: info.token, pid: info.pid })}\n`;

/** Reads the file's text; the reason says what is wrong with it. */
export function parseRendezvous(
  text: string,
): { ok: true; value: Rendezvous } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'is not JSON' };
  }
  const parsed = rendezvousSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'does not hold { url, token, pid }' };
  return { ok: true, value: parsed.data };
}

/** What the reader found out about the rendezvous file. */
export type RendezvousFacts =
  | { readonly kind: 'absent' }
  /** It exists but this user may not read it (EACCES: not in its group). */
  | { readonly kind: 'unreadable'; readonly code: string }
  /** It was read: its text, and whether an agent runs as the pid it names. */
  | { readonly kind: 'read'; readonly text: string; readonly pidAlive: (pid: number) => boolean };

/** What the desktop app does: use the agent, or its own monitor and helper (with a log line). */
export type AgentDecision =
  | { readonly use: 'agent'; readonly target: AgentTarget; readonly pid: number }
  | { readonly use: 'local'; readonly log: string | null };

/** The app's choice from the facts about the file at `path`. */
export function decideAgentUse(path: string, facts: RendezvousFacts): AgentDecision {
  if (facts.kind === 'absent') return { use: 'local', log: null };
  if (facts.kind === 'unreadable') {
    const denied = facts.code === 'EACCES' || facts.code === 'EPERM';
    return {
      use: 'local',
      log: denied
        ? `${path}, where subflow agent says how to reach it, is readable only by root and the ` +
          `${RENDEZVOUS_GROUP} group: to let the app use the agent, add yourself to that group ` +
          `(sudo adduser $USER ${RENDEZVOUS_GROUP}) and log in again; until then the app starts ` +
          `its own privileged helper when a change needs one.`
        : `${path} cannot be read (${facts.code}); the app does not use the agent and starts its ` +
          `own privileged helper when a change needs one.`,
    };
  }
  const parsed = parseRendezvous(facts.text);
  if (!parsed.ok) {
    return {
      use: 'local',
      log: `${path} ${parsed.reason}; the agent is not used (restart it: sudo systemctl restart subflow-agent).`,
    };
  }
  const { url, token, pid } = parsed.value;
  if (!facts.pidAlive(pid)) {
    return {
      use: 'local',
      log: `${path} names the agent pid ${pid}, where no agent runs any more (a file left behind); the app uses its own helper.`,
    };
  }
  const target = targetOf(url, token);
  if (!target.ok) {
    return { use: 'local', log: `${path} has an unusable url (${target.message}).` };
  }
  return { use: 'agent', target: target.target, pid };
}

/**
 * What a starting agent does about a file already there: take its place, or refuse because
 * another agent (a live pid other than its own) holds it.
 */
export function decideAgentStart(
  facts: RendezvousFacts,
  ownPid: number,
): { ok: true } | { ok: false; message: string } {
  if (facts.kind !== 'read') return { ok: true };
  const parsed = parseRendezvous(facts.text);
  if (!parsed.ok || parsed.value.pid === ownPid || !facts.pidAlive(parsed.value.pid)) {
    return { ok: true };
  }
  return {
    ok: false,
    message:
      `another subflow agent (pid ${parsed.value.pid}) is running and announced in ` +
      `its rendezvous file: stop it first (sudo systemctl stop subflow-agent, or kill ${parsed.value.pid})`,
  };
}
