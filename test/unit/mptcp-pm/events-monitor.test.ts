// The captured events against `ip mptcp monitor` text recorded in the same lab run: same
// events, same order, same tokens, ids, addresses, ports and flags.
import { describe, expect, it } from 'vitest';
import { capturedEvents, monitorText } from '../../fixtures/mptcp-pm/load.js';

const captured = capturedEvents();

/** iproute2 6.1 names (it predates the listener events: "UNKNOWN 15/16"). */
const MONITOR_NAMES: Record<string, string> = {
  CREATED: 'created',
  ESTABLISHED: 'established',
  CLOSED: 'closed',
  ANNOUNCED: 'announced',
  REMOVED: 'removed',
  SF_ESTABLISHED: 'sub-established',
  SF_CLOSED: 'sub-closed',
  SF_PRIO: 'sub-priority',
  'UNKNOWN 15': 'listener-created',
  'UNKNOWN 16': 'listener-closed',
};

function monitorLines(side: 'cli' | 'srv'): { type: string; fields: Map<string, string> }[] {
  return monitorText(side)
    .split('\n')
    .filter((l) => l.startsWith('['))
    .map((line) => {
      const m = /^\[\s*([^\]]+)\]\s*(.*)$/.exec(line);
      const fields = new Map<string, string>();
      for (const kv of (m?.[2] ?? '').split(' ').filter((s) => s.includes('='))) {
        const [k, v] = kv.split('=');
        if (k !== undefined && v !== undefined) fields.set(k, v);
      }
      return { type: MONITOR_NAMES[m?.[1] ?? ''] ?? `?${m?.[1] ?? ''}`, fields };
    });
}

describe('cross-check with `ip mptcp monitor` of the same run', () => {
  for (const side of ['cli', 'srv'] as const) {
    it(`${side}: same events in the same order with the same values`, () => {
      const lines = monitorLines(side);
      const events = captured.filter((c) => c.side === side).map((c) => c.event);
      expect(events.map((e) => e.type)).toEqual(lines.map((l) => l.type));
      events.forEach((e, i) => {
        const f = lines[i]?.fields ?? new Map<string, string>();
        const want = (k: string): string | undefined => f.get(k);
        if (e.token !== undefined)
          expect(e.token.toString(16).padStart(8, '0')).toBe(want('token'));
        if (want('remid') !== undefined) expect(String(e.remoteId)).toBe(want('remid'));
        if (want('locid') !== undefined) expect(String(e.localId)).toBe(want('locid'));
        if (want('sport') !== undefined) expect(String(e.local?.port)).toBe(want('sport'));
        if (want('dport') !== undefined) expect(String(e.remote?.port)).toBe(want('dport'));
        const saddr = want('saddr4') ?? want('saddr6');
        if (saddr !== undefined) expect(e.local?.address).toBe(saddr);
        const daddr = want('daddr4') ?? want('daddr6');
        if (daddr !== undefined) expect(e.remote?.address).toBe(daddr);
        if (want('backup') !== undefined) expect(e.backup).toBe(want('backup') === '1');
        if (want('ifindex') !== undefined) expect(String(e.ifindex)).toBe(want('ifindex'));
        if (want('flags') !== undefined) expect(String(e.flags)).toBe(want('flags'));
      });
    });
  }
});
