// `subflow agent` on the real kernel (lab namespaces sfag<pid>-cli/-srv), with its configuration,
// run and state directories in a scratch directory: it announces itself in the rendezvous file
// (mode 0640, group netdev where that group exists), the desktop app's decision and agent-link
// reach it from that file alone and get a snapshot of the namespace, a remembered choice is
// re-applied by the agent when its interface comes back, a second agent refuses to start, an
// unprivileged one refuses with what to do, and SIGTERM removes the file.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../electron/contract.js';
import { connectAgent } from '../../electron/helper/agent-link.js';
import { decideAgentUse, rendezvousPath } from '../../electron/helper/agent-rendezvous.js';
import { readRendezvousFacts, systemGroupId } from '../../electron/helper/rendezvous-file.js';
import type { RemoteHost } from '../../electron/helper/remote-host.js';
import { labDown } from '../../native/lab/index.js';
import { parseIpMptcpEndpoints } from '../../native/text/ip-mptcp-parser.js';
import { NODE_TSX, REPO_ROOT, runAsNobody, runChild } from './support/as-nobody.js';
import { labUpFresh } from './support/lab-extras.js';

const root = process.getuid?.() === 0;
const prefix = `sfag${process.pid % 10000}`;
const cli = `${prefix}-cli`;
const dir = mkdtempSync(join(tmpdir(), 'sfag-agent-'));
const env = {
  SUBFLOW_CONFIG_DIR: join(dir, 'config'),
  SUBFLOW_RUN_DIR: join(dir, 'run'),
  SUBFLOW_STATE_DIR: join(dir, 'state'),
};
const file = rendezvousPath(env);
const agentArgs = ['electron/cli.ts', 'agent', '--netns', cli, '--port', '0', '--interval', '500'];

const ipCli = (...args: string[]): string =>
  execFileSync('ip', ['-n', cli, ...args], { encoding: 'utf8' });
const blueEndpoints = () =>
  parseIpMptcpEndpoints(ipCli('mptcp', 'endpoint', 'show')).filter(
    (e) => e.address === '203.0.113.1',
  );

async function waitFor<T>(get: () => T | Promise<T>, ok: (v: T) => boolean, ms: number) {
  const end = Date.now() + ms;
  let v = await get();
  while (!ok(v) && Date.now() < end) {
    await sleep(100);
    v = await get();
  }
  return v;
}

describe.skipIf(!root)('subflow agent', () => {
  let agent: ChildProcess | undefined;
  let output = '';
  let remote: RemoteHost | undefined;

  beforeAll(async () => {
    await labUpFresh({ prefix });
  });
  afterAll(async () => {
    remote?.close();
    if (agent && agent.exitCode === null && agent.signalCode === null) agent.kill('SIGKILL');
    await labDown({ prefix });
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start without CAP_NET_ADMIN, saying how to run it', async () => {
    const result = await runAsNobody(cli, [...NODE_TSX, ...agentArgs], {
      env: { ...env, SUBFLOW_RUN_DIR: join(dir, 'nobody-run') },
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^subflow: subflow agent needs CAP_NET_ADMIN to re-apply remembered multipath choices .*: run it as root \(sudo (npx )?subflow agent\) or start its service \(sudo systemctl enable --now subflow-agent\)/,
    );
    expect(existsSync(join(dir, 'nobody-run', 'agent.json'))).toBe(false);
  });

  it('announces itself in the rendezvous file: 0640, group netdev where it exists', async () => {
    // A remembered choice made before the agent starts: the agent keeps it (next test).
    const set = await runChild(
      [...NODE_TSX, 'electron/cli.ts', 'multipath', 'blue-c', 'backup', '--netns', cli],
      { env },
    );
    expect(set.code, set.stderr).toBe(0);
    agent = spawn(NODE_TSX[0] ?? 'node', [...NODE_TSX.slice(1), ...agentArgs], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    agent.stdout?.setEncoding('utf8').on('data', (c: string) => (output += c));
    agent.stderr?.setEncoding('utf8').on('data', (c: string) => (output += c));
    const announced = await waitFor(
      () => existsSync(file),
      (v) => v || agent?.exitCode !== null,
      30_000,
    );
    expect(announced, output).toBe(true);
    const stat = statSync(file);
    expect(stat.mode & 0o777).toBe(0o640);
    const netdev = systemGroupId('netdev');
    expect(stat.gid).toBe(netdev ?? 0);
    expect(readdirSync(env.SUBFLOW_RUN_DIR).filter((n) => n.includes('agent'))).toEqual([
      'agent.json',
    ]);
    expect(output).toContain(`Announced in ${file}`);
  });

  it('is reached from the file alone, as the desktop app does, and answers', async () => {
    const decision = decideAgentUse(file, readRendezvousFacts(file));
    if (decision.use !== 'agent') throw new Error(`not used: ${decision.log ?? ''}`);
    expect(decision.pid).toBe(agent?.pid);
    expect(decision.target.streamUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/api\/stream$/);
    remote = await connectAgent(decision.target);
    const snap = await remote.invoke('snapshot:get', {});
    if (!snap.ok) throw new Error(snap.error.message);
    const value: Snapshot = snap.value;
    expect(value.privileged).toBe(true);
    const blue = value.interfaces.find((i) => i.name === 'blue-c');
    expect(blue?.remembered?.mode).toBe('backup');
  });

  it('re-applies the remembered choice when its interface comes back', async () => {
    ipCli('link', 'set', 'blue-c', 'down');
    ipCli('address', 'flush', 'dev', 'blue-c');
    for (const ep of blueEndpoints()) ipCli('mptcp', 'endpoint', 'delete', 'id', String(ep.id));
    expect(blueEndpoints()).toEqual([]);
    ipCli('link', 'set', 'blue-c', 'up');
    ipCli('address', 'add', '203.0.113.1/24', 'dev', 'blue-c');
    const back = await waitFor(blueEndpoints, (eps) => eps.length > 0, 10_000);
    expect(back.map((e) => [e.address, e.flags])).toEqual([['203.0.113.1', ['subflow', 'backup']]]);
  });

  it('refuses a second agent while the first is announced', async () => {
    const second = await runChild([...NODE_TSX, ...agentArgs], { env });
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toBe(
      `subflow: another subflow agent (pid ${agent?.pid ?? 0}) is running and announced in its ` +
        `rendezvous file: stop it first (sudo systemctl stop subflow-agent, or kill ${agent?.pid ?? 0})`,
    );
    expect(existsSync(file)).toBe(true);
  });

  it('removes the file on SIGTERM and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => agent?.once('exit', resolve));
    agent?.kill('SIGTERM');
    const timer = setTimeout(() => agent?.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    expect(code, output).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(await remote?.closed).not.toBeNull();
  });
});
