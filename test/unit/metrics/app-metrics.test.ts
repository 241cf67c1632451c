// Per-app metrics: bytes and connections by process name, the label bounded to the 20 busiest
// apps (the rest "other", unknown processes "unknown"), never a pid; counters never go down.
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../electron/contract.js';
import { MetricsCollector } from '../../../electron/metrics/collector.js';
import { find, parseExposition, valueOf } from './exposition-text.js';
import { connection, extras, subflow, tick } from './ticks.js';

const app = (n: number, name: string | null, bytes: number, firstSeen = 0): Connection => ({
  ...connection(n, [subflow('red-c')]),
  bytesAcked: bytes,
  bytesReceived: 0,
  firstSeen,
  process: name === null ? null : { pid: 1000 + n, name, cmdline: name, uid: 0, user: 'root' },
});

async function exposition(c: MetricsCollector) {
  return parseExposition((await c.exposition()).body);
}

describe('subflow_app_bytes_total and subflow_app_connections', () => {
  it('count bytes and connections by process name, unknown processes apart', async () => {
    const c = new MetricsCollector();
    c.observeTick(
      tick({ connections: [app(1, 'iperf3', 1000), app(2, 'iperf3', 500), app(3, null, 7)] }),
      extras(),
    );
    c.observeTick(
      tick({ connections: [app(1, 'iperf3', 1600), app(2, 'iperf3', 500), app(3, null, 9)] }),
      extras(),
    );
    const text = await exposition(c);
    expect(text.types.get('subflow_app_bytes_total')).toBe('counter');
    expect(valueOf(text, 'subflow_app_bytes_total', { app: 'iperf3' })).toBe(2100);
    expect(valueOf(text, 'subflow_app_bytes_total', { app: 'unknown' })).toBe(9);
    expect(valueOf(text, 'subflow_app_connections', { app: 'iperf3' })).toBe(2);
    expect(valueOf(text, 'subflow_app_connections', { app: 'unknown' })).toBe(1);
  });

  it('a connection gone and a new one under the same token count from zero, never down', async () => {
    const c = new MetricsCollector();
    c.observeTick(tick({ connections: [app(1, 'curl', 5000, 0)] }), extras());
    c.observeTick(tick({ connections: [app(1, 'curl', 300, 99)] }), extras());
    const text = await exposition(c);
    expect(valueOf(text, 'subflow_app_bytes_total', { app: 'curl' })).toBe(5300);
  });

  it('gives at most 20 apps a label, the busiest, and sums the rest as "other"', async () => {
    const c = new MetricsCollector();
    const conns = Array.from({ length: 30 }, (_, i) => app(i + 1, `app${i}`, (i + 1) * 100));
    c.observeTick(tick({ connections: conns }), extras());
    const text = await exposition(c);
    const series = find(text, 'subflow_app_bytes_total');
    const labels = series.map((s) => s.labels.app);
    expect(labels).toHaveLength(21);
    expect(labels).toContain('other');
    // The 10 least busy (app0…app9: 100…1000 bytes) are "other".
    expect(labels).not.toContain('app9');
    expect(labels).toContain('app10');
    expect(valueOf(text, 'subflow_app_bytes_total', { app: 'other' })).toBe(5500);
    expect(valueOf(text, 'subflow_app_connections', { app: 'other' })).toBe(10);
    expect(series.every((s) => Object.keys(s.labels).join() === 'app')).toBe(true);
  });
});
