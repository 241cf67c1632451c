// The per-app table of a report: connections grouped by process name, most bytes first, the
// last named process of each connection kept, unknown processes grouped, old journals claim none.
import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../../electron/contract.js';
import { buildReport } from '../../../electron/report/build-report.js';
import { renderHtmlReport } from '../../../electron/report/html-report.js';
import { connection, journal, snapshot, subflow, T0, tick } from './journal-builder.js';

const at = (s: number): number => T0 + s * 1000;
const proc = (name: string, pid: number): ProcessInfo => ({
  pid,
  name,
  cmdline: `${name} --x`,
  uid: 0,
  user: 'root',
});

describe('buildReport: apps', () => {
  it('groups connections by app with bytes, connections and subflows, most bytes first', () => {
    const ticks = [
      tick(
        snapshot(
          at(0),
          [],
          [
            connection('aaaa0001', [subflow(40000), subflow(40100)], {
              bytesSent: 1000,
              bytesReceived: 10,
              process: proc('iperf3', 300),
            }),
            connection('aaaa0002', [subflow(40001)], { bytesSent: 50, process: proc('curl', 90) }),
            connection('aaaa0003', [subflow(40002)], { bytesSent: 7, process: null }),
          ],
        ),
      ),
      tick(
        snapshot(
          at(1),
          [],
          [
            // A later tick without the process keeps the name seen before.
            connection('aaaa0001', [subflow(40000), subflow(40100)], {
              bytesSent: 5000,
              bytesReceived: 20,
              process: null,
            }),
            connection('aaaa0004', [subflow(40003), subflow(40103)], {
              bytesSent: 600,
              process: proc('iperf3', 301),
            }),
          ],
        ),
      ),
    ];
    const model = buildReport(journal(ticks), []);
    expect(model.connections.find((c) => c.token === 'aaaa0001')?.process?.name).toBe('iperf3');
    expect(model.apps).toEqual([
      {
        name: 'iperf3',
        pids: [300, 301],
        connections: 2,
        subflows: 4,
        bytesSent: 5600,
        bytesReceived: 20,
      },
      { name: 'curl', pids: [90], connections: 1, subflows: 1, bytesSent: 50, bytesReceived: 0 },
      { name: null, pids: [], connections: 1, subflows: 1, bytesSent: 7, bytesReceived: 0 },
    ]);
    const html = renderHtmlReport(model);
    expect(html).toContain('<section id="apps"><h2>Apps</h2><table>');
    expect(html).toMatch(
      /<span class="mono">iperf3<\/span><\/td><td class="mono">300, 301<\/td><td class="num">2<\/td><td class="num">4<\/td>/,
    );
    expect(html).toContain('unknown process');
  });

  it('claims no app for a journal recorded before processes were named', () => {
    const model = buildReport(
      journal([tick(snapshot(at(0), [], [connection('aaaa0001', [subflow(40000)])]))]),
      [],
    );
    expect(model.apps).toEqual([]);
    expect(model.connections[0]).not.toHaveProperty('process');
    expect(renderHtmlReport(model)).toContain('does not name the process of its connections');
  });
});
