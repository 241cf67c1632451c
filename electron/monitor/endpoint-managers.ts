// Who else might manage MPTCP endpoints on this host: programs known to do so, found by name in
// /proc/*/comm. Only a hint ("NetworkManager is running"), never proof that it made a change.
import { readdirSync, readFileSync } from 'node:fs';

/** Process names (as /proc/PID/comm shows them, 15 characters at most) that manage endpoints. */
export const ENDPOINT_MANAGERS: readonly string[] = ['NetworkManager', 'mptcpd'];

/** The known managers among `comms`, each once, in ENDPOINT_MANAGERS order. Pure. */
export function managersAmong(comms: readonly string[]): string[] {
  const running = new Set(comms.map((c) => c.trim()));
  return ENDPOINT_MANAGERS.filter((name) => running.has(name));
}

/** The endpoint managers running now; empty when none is (or /proc cannot be read). */
export function runningEndpointManagers(proc = '/proc'): string[] {
  let pids: string[];
  try {
    pids = readdirSync(proc).filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  const comms: string[] = [];
  for (const pid of pids) {
    try {
      comms.push(readFileSync(`${proc}/${pid}/comm`, 'utf8'));
    } catch {
      // the process ended between the listing and the read
    }
  }
  return managersAmong(comms);
}

/** The "who" clause of an external change, saying as much as Subflow knows and no more. */
export function suspectsText(managers: readonly string[]): string {
  if (managers.length === 0) {
    return 'not made by Subflow; no NetworkManager or mptcpd is running, so probably a person or a script (ip mptcp)';
  }
  const names = managers.join(' and ');
  return `not made by Subflow; ${names} ${managers.length > 1 ? 'are' : 'is'} running here and may have made it`;
}
