import { describe, expect, it } from 'vitest';
import { processLabel, renderSnapshot } from '../../../electron/cli/snapshot-text.js';
import { snapshot, T0 } from '../session/snapshots.js';

const iperf = { pid: 4242, name: 'iperf3', cmdline: 'iperf3 -c x', uid: 0, user: 'root' };

describe('the process in `subflow snapshot` text', () => {
  it('names the app, its pid and user, and counts forked holders', () => {
    expect(processLabel(iperf)).toBe('  iperf3 (pid 4242, root)');
    expect(processLabel({ ...iperf, user: null, uid: 1001, others: 2 })).toBe(
      '  iperf3 (pid 4242, uid 1001 +2 more)',
    );
    expect(processLabel(null)).toBe('  app ?');
    expect(processLabel(undefined)).toBe('');
  });

  it('shows it on each connection line, and the note once', () => {
    const s = snapshot(T0, [
      { token: 'a1b2c3d4', red: 10, blue: 5 },
      { token: 'ffff0001', red: 1, blue: null },
    ]);
    const text = renderSnapshot({
      ...s,
      processNote: "run privileged to see other users' apps",
      connections: [
        { ...s.connections[0]!, process: iperf },
        { ...s.connections[1]!, process: null },
      ],
    });
    expect(text).toContain(
      '198.51.100.1:40000 → 198.51.100.2:5201  iperf3 (pid 4242, root)  established',
    );
    expect(text).toContain('198.51.100.1:40001 → 198.51.100.2:5201  app ?  established');
    expect(text.match(/run privileged/g)).toHaveLength(1);
  });
});
