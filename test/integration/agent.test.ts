// `subflow agent` on the real kernel (lab namespaces sfag<pid>-cli/-srv), with its configuration,
// run and state directories in a scratch directory: it announces itself in the rendezvous file
// (mode 0640, group netdev where that group exists), the desktop app's decision and agent-link
// reach it from that file alone and get a snapshot of the namespace, a remembered choice is
// re-applied by the agent when its interface comes back, a second agent refuses to start, an
// unprivileged one refuses with what to do, and SIGTERM removes the file. Then the agent runs with
// only the capabilities its systemd unit grants (CapabilityBoundingSet, through setpriv) and still
// gives the file to netdev and names the app (nobody's python3) behind a connection.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, Snapshot } from '../../electron/contract.js';
import { connectAgent } from '../../electron/helper/agent-link.js';
import { decideAgentUse, rendezvousPath } from '../../electron/helper/agent-rendezvous.js';
import { readRendezvousFacts, systemGroupId } from '../../electron/helper/rendezvous-file.js';
import type { RemoteHost } from '../../electron/helper/remote-host.js';
import { LAB_SERVER_ADDRESS, labDown, resolveLabConfig } from '../../native/lab/index.js';
import { endChild, spawnInNamespace } from '../../native/lab/lab-processes.js';
import { parseIpMptcpEndpoints } from '../../native/text/ip-mptcp-parser.js';
import { NODE_TSX, REPO_ROOT, runAsNobody, runChild } from './support/as-nobody.js';
import { labUpFresh, waitForListener } from './support/lab-extras.js';

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

/** Starts `argv` (an agent) with the scratch directories; its output collects in `output`. */
function startAgent(argv: readonly string[], dirs: Record<string, string>) {
  const child = spawn(argv[0] ?? 'node', argv.slice(1), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...dirs },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = { child, output: '' };
  child.stdout.setEncoding('utf8').on('data', (c: string) => (started.output += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (started.output += c));
  return started;
}

/** Waits for `child` to exit after SIGTERM (SIGKILL after 10 s); its exit code. */
async function terminate(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

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

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!root)('subflow agent', () => {
  let agent: ChildProcess | undefined;
  let output = () => '';
  let remote: RemoteHost | undefined;

  beforeAll(async () => {
    await labUpFresh({ prefix });
  });
  afterAll(async () => {
    remote?.close();
    if (agent && agent.exitCode === null && agent.signalCode === null) agent.kill('SIGKILL');
    await labDown({ prefix });
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
    const started = startAgent([...NODE_TSX, ...agentArgs], env);
    agent = started.child;
    const announced = await waitFor(
      () => existsSync(file),
      (v) => v || agent?.exitCode !== null,
      30_000,
    );
    output = () => started.output;
    expect(announced, output()).toBe(true);
    const stat = statSync(file);
    expect(stat.mode & 0o777).toBe(0o640);
    const netdev = systemGroupId('netdev');
    expect(stat.gid).toBe(netdev ?? 0);
    expect(readdirSync(env.SUBFLOW_RUN_DIR).filter((n) => n.includes('agent'))).toEqual([
      'agent.json',
    ]);
    // The file is written before the lines that name it, which may reach us a moment later.
    const said = await waitFor(
      () => output(),
      (text) => text.includes(`Announced in ${file}`) || agent?.exitCode !== null,
      5_000,
    );
    expect(said).toContain(`Announced in ${file}`);
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
    const code = agent ? await terminate(agent) : -1;
    expect(code, output()).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(await remote?.closed).not.toBeNull();
  });
});

describe.skipIf(!root)('subflow agent with only its unit’s capabilities', () => {
  const PY_PORT = 5317;
  const PEER = new URL('./support/mptcp-peer.py', import.meta.url).pathname;
  const unit = readFileSync(join(REPO_ROOT, 'build/linux/subflow-agent.service'), 'utf8');
  const caps = /^CapabilityBoundingSet=(.+)$/m.exec(unit)?.[1]?.split(' ') ?? [];
  const dirs = { ...env, SUBFLOW_RUN_DIR: join(dir, 'unit-run') };
  const children: ChildProcess[] = [];
  let agent: ReturnType<typeof startAgent> | undefined;

  beforeAll(async () => {
    await labUpFresh({ prefix });
    const runDir = resolveLabConfig({ prefix }).runDir;
    const python = async (ns: string, args: string[], ready: string) => {
      const child = await spawnInNamespace(ns, args, { runDir, role: `agent-${ready}` });
      children.push(child);
      let err = '';
      child.stderr?.setEncoding('utf8').on('data', (c: string) => (err += c));
      const said = once(child.stdout!.setEncoding('utf8'), 'data') as Promise<[string]>;
      const exited = once(child, 'exit').then(() => [`(exited) ${err}`] as [string]);
      const [line] = await Promise.race([said, exited]);
      if (!line.includes(ready)) throw new Error(`${args.join(' ')} said: ${line}`);
    };
    await python(
      `${prefix}-srv`,
      ['/usr/bin/python3', PEER, 'server', String(PY_PORT)],
      'listening',
    );
    await waitForListener(`${prefix}-srv`, PY_PORT);
    // The client is another user's process: naming it needs the capabilities to read its /proc.
    await python(
      cli,
      [
        ...['setpriv', '--reuid', 'nobody', '--regid', 'nogroup', '--clear-groups'],
        ...['/usr/bin/python3', PEER, 'client', LAB_SERVER_ADDRESS, String(PY_PORT), '1'],
      ],
      'connected',
    );
  }, 60_000);
  afterAll(async () => {
    if (agent) await terminate(agent.child);
    await Promise.all(children.map((c) => endChild(c)));
    await labDown({ prefix });
  }, 60_000);

  it('still announces itself to netdev and names another user’s app', async () => {
    expect(caps).toContain('CAP_NET_ADMIN');
    const bounding = ['-all', ...caps.map((c) => `+${c.replace(/^CAP_/, '').toLowerCase()}`)];
    // In the namespace as the unit runs in its own: no --netns (that would need CAP_SYS_ADMIN).
    agent = startAgent(
      [
        ...['ip', 'netns', 'exec', cli, 'setpriv', `--bounding-set=${bounding.join(',')}`],
        ...['--inh-caps=-all', ...NODE_TSX, 'electron/cli.ts', 'agent', '--port', '0'],
      ],
      dirs,
    );
    const path = rendezvousPath(dirs);
    const up = await waitFor(
      () => existsSync(path),
      (v) => v || agent?.child.exitCode !== null,
      30_000,
    );
    expect(up, agent.output).toBe(true);
    expect(statSync(path).gid).toBe(systemGroupId('netdev') ?? 0);
    // The agent listens on the namespace's loopback: ask from there, as the app would.
    const probe = await runChild(
      [
        ...['ip', 'netns', 'exec', cli, ...NODE_TSX],
        ...['test/integration/support/agent-probe.ts', String(PY_PORT)],
      ],
      { env: dirs },
    );
    expect(probe.code, probe.stderr).toBe(0);
    const named = JSON.parse(probe.stdout.trim().split('\n').at(-1) ?? 'null') as Connection | null;
    expect(named?.process).toMatchObject({ name: 'python3', user: 'nobody' });
    expect(await terminate(agent.child)).toBe(0);
    expect(existsSync(path)).toBe(false);
  });
});
