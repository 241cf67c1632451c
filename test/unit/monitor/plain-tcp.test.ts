// Apps using plain TCP: sockets grouped by process with bytes and rates, busiest first, bounded;
// through buildSnapshot, rates across ticks and samples that predate plain TCP.
import { describe, expect, it } from 'vitest';
import { buildPlainTcpApps } from '../../../electron/monitor/plain-tcp.js';
import type { ProcessFacts } from '../../../native/procfs/socket-owners.js';
import { run, sample } from '../../fixtures/monitor/samples.js';

const facts = (pid: number, name: string): ProcessFacts => ({
  pid,
  name,
  cmdline: `${name} --x`,
  uid: 1000,
  user: 'ann',
});
const processes = new Map([
  [10, facts(10, 'firefox')],
  [20, facts(20, 'iperf3')],
]);
const sock = (cookie: string, ownerPid: number, bytesAcked: number, bytesReceived = 0) => ({
  cookie,
  ownerPid,
  bytesAcked,
  bytesReceived,
});

describe('buildPlainTcpApps', () => {
  it('groups sockets by process with summed bytes and rates, busiest first', () => {
    const first = buildPlainTcpApps(
      [sock('a', 10, 100, 1000), sock('b', 10, 0, 50), sock('c', 20, 10)],
      processes,
      0,
      undefined,
    );
    expect(first.apps.map((a) => [a.name, a.connections, a.txRate])).toEqual([
      ['firefox', 2, 0],
      ['iperf3', 1, 0],
    ]);
    const second = buildPlainTcpApps(
      [sock('a', 10, 100, 1000), sock('b', 10, 0, 50), sock('c', 20, 2010)],
      processes,
      1000,
      first.readings,
    );
    // iperf3 now moves 2000 B/s: it goes first although firefox moved more bytes in all.
    expect(second.apps[0]).toEqual({
      pid: 20,
      name: 'iperf3',
      cmdline: 'iperf3 --x',
      user: 'ann',
      connections: 1,
      bytesSent: 2010,
      bytesReceived: 0,
      txRate: 2000,
      rxRate: 0,
    });
    expect(second.apps[1]).toMatchObject({ name: 'firefox', bytesSent: 100, bytesReceived: 1050 });
  });

  it('leaves out sockets of processes it has no facts for, and keeps at most `limit` apps', () => {
    const many = new Map(Array.from({ length: 5 }, (_, i) => [i + 1, facts(i + 1, `app${i}`)]));
    const socks = [1, 2, 3, 4, 5, 99].map((pid) => sock(`k${pid}`, pid, pid * 10));
    const built = buildPlainTcpApps(socks, many, 0, undefined, 3);
    expect(built.apps.map((a) => a.pid)).toEqual([5, 4, 3]);
    expect(built.readings.size).toBe(6);
  });
});

describe('Snapshot.plainTcpApps', () => {
  it('is built with rates across ticks, and absent for samples that predate it', () => {
    const tick = (t: number, acked: number) =>
      sample(t, {
        plainTcp: [sock('p1', 20, acked)],
        processes: [facts(20, 'iperf3')],
      });
    const [a, b] = run(tick(0, 0), tick(1000, 5000));
    expect(a!.plainTcpApps).toEqual([expect.objectContaining({ name: 'iperf3', txRate: 0 })]);
    expect(b!.plainTcpApps?.[0]?.txRate).toBe(5000);
    const [old] = run(sample(0));
    expect(old).not.toHaveProperty('plainTcpApps');
  });
});
