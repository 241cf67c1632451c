// The `subflow` command on the real kernel, in the lab: what a person or a script sees.
import { execFileSync, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PmEvent, Snapshot } from '../../electron/contract.js';
import { labDown, labTraffic, labUp } from '../../native/lab/index.js';
import { parseIpMptcpEndpoints } from '../../native/text/ip-mptcp-parser.js';
import { NODE_TSX, runAsNobody, runChild } from './support/as-nobody.js';
import type { AsNobodyResult } from './support/as-nobody.js';

const root = process.getuid?.() === 0;
const prefix = `sfc${process.pid % 1000}`;
const cli = `${prefix}-cli`;
const CLI = [...NODE_TSX, 'electron/cli.ts'];

/** Runs the `subflow` command (as root, or as nobody inside the lab's client namespace). */
function subflow(args: string[], asNobody = false): Promise<AsNobodyResult> {
  return asNobody ? runAsNobody(cli, [...CLI, ...args]) : runChild([...CLI, ...args]);
}

const endpoints = (): string =>
  execFileSync('ip', ['-n', cli, 'mptcp', 'endpoint', 'show'], { encoding: 'utf8' });
const within = (value: number, target: number, tolerance: number): boolean =>
  Math.abs(value - target) <= target * tolerance;

describe.skipIf(!root)('subflow command in the lab', () => {
  beforeAll(async () => {
    await labUp({ prefix });
  });
  afterAll(async () => {
    await labDown({ prefix });
  });

  it('snapshot --json: one connection, 2 subflows, rates matching the shaping and iperf3', async () => {
    const traffic = labTraffic({ prefix, seconds: 12 });
    await sleep(4000); // past slow start, both paths saturated
    const run = await subflow(['snapshot', '--json', '--netns', cli, '--interval', '3000']);
    const moved = await traffic;
    expect(run.code).toBe(0);
    const s = JSON.parse(run.stdout) as Snapshot;
    const data = [...s.connections].sort((a, b) => b.txRate - a.txRate)[0]!;
    expect(data.subflows.map((f) => f.interface).sort()).toEqual(['blue-c', 'red-c']);
    const iface = (name: string) => s.interfaces.find((i) => i.name === name)!;
    // tbf: red 40 Mbit/s = 5,000,000 B/s, blue 20 Mbit/s = 2,500,000 B/s (headers included).
    const figures = {
      redTx: iface('red-c').txRate,
      blueTx: iface('blue-c').txRate,
      connectionTx: data.txRate,
      subflowSum: data.subflows.reduce((n, f) => n + f.txRate, 0),
      iperf3: moved.bitsPerSecond / 8,
    };
    const seen = JSON.stringify(figures);
    expect(within(figures.redTx, 5e6, 0.05), `red-c vs 40 Mbit/s: ${seen}`).toBe(true);
    expect(within(figures.blueTx, 2.5e6, 0.05), `blue-c vs 20 Mbit/s: ${seen}`).toBe(true);
    expect(
      within(figures.connectionTx, figures.subflowSum, 0.05),
      `conn vs subflows: ${seen}`,
    ).toBe(true);
    expect(within(figures.connectionTx, figures.iperf3, 0.05), `conn vs iperf3: ${seen}`).toBe(
      true,
    );
    expect(iface('blue-c').multipath).toBe('on');
    expect(iface('red-c').multipath).toBe('off');
  });

  it('multipath: backup and on are read back from the kernel', async () => {
    const backup = await subflow(['multipath', 'blue-c', 'backup', '--netns', cli]);
    expect(backup).toMatchObject({ code: 0 });
    expect(backup.stdout).toContain('blue-c: multipath backup');
    expect(parseIpMptcpEndpoints(endpoints())[0]?.flags).toContain('backup');
    const on = await subflow(['multipath', 'blue-c', 'on', '--netns', cli, '--json']);
    expect(JSON.parse(on.stdout)).toMatchObject({ interface: 'blue-c', mode: 'on' });
    expect(parseIpMptcpEndpoints(endpoints())[0]?.flags).toEqual(['subflow']);
  });

  it('limits: set and read back, and refused out of range', async () => {
    const set = await subflow([
      'limits',
      '--subflows',
      '3',
      '--add-addr-accepted',
      '1',
      '--netns',
      cli,
      '--json',
    ]);
    expect(JSON.parse(set.stdout)).toEqual({ subflows: 3, addAddrAccepted: 1 });
    expect(
      execFileSync('ip', ['-n', cli, 'mptcp', 'limits', 'show'], { encoding: 'utf8' }),
    ).toMatch(/add_addr_accepted 1 subflows 3/);
    const bad = await subflow(['limits', '--subflows', '9', '--netns', cli]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--subflows needs a whole number from 0 to 8/);
    await subflow(['limits', '--subflows', '8', '--add-addr-accepted', '8', '--netns', cli]);
  });

  it.each([
    [['multipath', 'nope0', 'on'], /no interface named nope0 here \(known: .*blue-c/],
    [['multipath', 'blue-c', 'sideways'], /unknown mode 'sideways'/],
    // Names the kernel accepts reach it by index, never a shell: absent here, so refused as such.
    [['multipath', 'eth0;reboot', 'off'], /no interface named eth0;reboot here/],
    [['multipath', '$(id)', 'off'], /no interface named \$\(id\) here/],
    [['multipath', 'eth0/x', 'off'], /cannot contain "\/"/],
    [['snapshot', '--interval', '5'], /--interval needs whole milliseconds/],
    [['snapshot', '--netns', 'no-such-ns'], /no-such-ns does not exist/],
  ])('refuses %j with one clear line and changes nothing', async (args, message) => {
    const before = endpoints();
    const run = await subflow([...args, ...(args.includes('--netns') ? [] : ['--netns', cli])]);
    expect(run.code).not.toBe(0);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('subflow:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(endpoints()).toBe(before);
  });

  it('as an unprivileged user: snapshot works, multipath refuses naming CAP_NET_ADMIN', async () => {
    const snap = await subflow(['snapshot', '--json', '--interval', '300'], true);
    expect(snap.code).toBe(0);
    const s = JSON.parse(snap.stdout) as Snapshot;
    expect(s.privileged).toBe(false);
    expect(s.endpoints).toHaveLength(1);
    const before = endpoints();
    const mp = await subflow(['multipath', 'blue-c', 'off'], true);
    expect(mp.code).toBe(1);
    expect(mp.stderr).toMatch(/CAP_NET_ADMIN/);
    expect(endpoints()).toBe(before);
  });

  it('events --json prints kernel path-manager events as NDJSON', async () => {
    // Traffic starts once the command says it listens: its start-up time varies with load.
    const child = spawn(
      CLI[0]!,
      [...CLI.slice(1), 'events', '--json', '--netns', cli, '--duration', '20'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    for (let waited = 0; waited < 15_000 && !stderr.includes('listening'); waited += 100) {
      await sleep(100);
    }
    await labTraffic({ prefix, seconds: 2 });
    await sleep(1500); // the next tick carries the last events
    child.kill('SIGINT');
    const run = { code: await exited, stdout, stderr };
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('listening to kernel path-manager events');
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as PmEvent);
    const types = lines.filter((e) => e.source === 'kernel').map((e) => e.type);
    expect(types).toContain('created');
    expect(types).toContain('established');
    expect(types).toContain('sub-established');
    const sub = lines.find((e) => e.type === 'sub-established');
    expect(sub).toMatchObject({ interface: 'blue-c', local: { address: '203.0.113.1' } });
  });
});
