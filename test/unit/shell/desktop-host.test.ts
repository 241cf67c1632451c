// The app's Host when SUBFLOW_AGENT_URL points at a headless agent, or a `subflow agent`
// announces itself in its rendezvous file: everything goes to the agent (here the real server on
// a FakeHost), a bad URL is refused with what to fix, losing the agent is reported, and a file
// that is stale, unreadable or names an agent that refuses leaves the app on its own side with a
// log line. (The default, local Host needs the kernel: main.test.ts stands it in.)
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRendezvous } from '../../../electron/helper/rendezvous-file.js';
import { startServer } from '../../../electron/server/server.js';
import type { RunningServer } from '../../../electron/server/server.js';
import { announcedAgent } from '../../../electron/shell/announced-agent.js';
import { createDesktopHost } from '../../../electron/shell/desktop-host.js';
import { FakeHost, SNAPSHOT } from '../server/fake-host.js';

const TOKEN = 'desktop-agent-token-0123456789';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const options = (env: NodeJS.ProcessEnv, lost: string[] = []) => ({
  appPath: '/nowhere',
  packaged: false,
  env,
  uid: 1000,
  log: () => undefined,
  onLost: (message: string) => lost.push(message),
});

describe('createDesktopHost with SUBFLOW_AGENT_URL', () => {
  const fake = new FakeHost();
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ host: fake, port: 0, token: TOKEN, logger: quiet });
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves the window from the agent', async () => {
    const lost: string[] = [];
    const desktop = await createDesktopHost(options({ SUBFLOW_AGENT_URL: server.url }, lost));
    expect(desktop.source).toBe(`http://127.0.0.1:${server.port}/`);
    expect(await desktop.host.invoke('snapshot:get', {})).toEqual({ ok: true, value: SNAPSHOT });
    await desktop.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(lost).toEqual([]);
  });

  it('reports losing the agent', async () => {
    const lost: string[] = [];
    const other = await startServer({ host: new FakeHost(), port: 0, token: TOKEN, logger: quiet });
    const desktop = await createDesktopHost(options({ SUBFLOW_AGENT_URL: other.url }, lost));
    await other.close();
    for (let i = 0; i < 100 && lost.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(lost[0]).toMatch(/^The agent at http:\/\/127\.0\.0\.1:\d+\/ closed the connection/);
    await desktop.close();
  });

  it('refuses a bad URL with what to fix', async () => {
    await expect(
      createDesktopHost(options({ SUBFLOW_AGENT_URL: 'http://127.0.0.1:7070/' })),
    ).rejects.toThrow(/SUBFLOW_AGENT_URL has no \?token=/);
  });
});

describe('createDesktopHost with an agent announced in its rendezvous file', () => {
  const fake = new FakeHost();
  let server: RunningServer;
  let runDir = '';
  let n = 0;
  /** A run directory of its own per case; the file written when `info` is given. */
  const place = (info?: { url: string; token: string; pid: number }) => {
    runDir = join(scratch, `run-${++n}`);
    if (info) writeRendezvous(join(runDir, 'agent.json'), info, null);
    return { SUBFLOW_RUN_DIR: runDir };
  };
  const scratch = mkdtempSync(join(tmpdir(), 'sf-desktop-agent-'));
  // The file's pid must be a live process with the agent argument: a stand-in that idles.
  let standIn: ChildProcess;
  let agentPid = 0;
  beforeAll(async () => {
    server = await startServer({ host: fake, port: 0, token: TOKEN, logger: quiet });
    standIn = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'agent'], {
      stdio: 'ignore',
    });
    agentPid = standIn.pid ?? 0;
  });
  afterAll(async () => {
    standIn.kill();
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  });
  /** The app's own side, stood in by a FakeHost; `closed` once closed. */
  const localStandIn = () => {
    const local = Object.assign(new FakeHost(), { closed: false });
    const startLocal = () =>
      Promise.resolve({
        host: local,
        source: 'this computer',
        close: () => {
          local.closed = true;
          return Promise.resolve();
        },
      });
    return { local, startLocal };
  };
  const announced = (env: NodeJS.ProcessEnv, logs: string[]) =>
    announcedAgent({
      env,
      log: (line) => logs.push(line),
      onLost: () => undefined,
      startLocal: localStandIn().startLocal,
    });
  const url = () => `http://127.0.0.1:${server.port}/`;

  it('serves the window from a live agent the file names, and logs which', async () => {
    const logs: string[] = [];
    const env = place({ url: url(), token: TOKEN, pid: agentPid });
    const desktop = await createDesktopHost({
      ...options(env),
      log: (l) => logs.push(l),
      startLocal: localStandIn().startLocal,
    });
    expect(desktop.source).toBe(url());
    expect(await desktop.host.invoke('snapshot:get', {})).toEqual({ ok: true, value: SNAPSHOT });
    expect(logs).toEqual([
      `using the Subflow agent (pid ${agentPid}) announced in ${runDir}/agent.json`,
    ]);
    await desktop.close();
  });

  it('carries on with the app’s own side when the announced agent goes away, and says so', async () => {
    const lost: string[] = [];
    const agentHost = new FakeHost();
    const other = await startServer({ host: agentHost, port: 0, token: TOKEN, logger: quiet });
    const env = place({ url: `http://127.0.0.1:${other.port}/`, token: TOKEN, pid: agentPid });
    const { startLocal, local } = localStandIn();
    const desktop = await createDesktopHost({
      ...options(env, lost),
      startLocal,
    });
    const pushes: string[] = [];
    desktop.host.subscribe((p) => pushes.push(p.name));
    await desktop.host.invoke('snapshot:get', {});
    expect(agentHost.calls.map((c) => c.name)).toEqual(['snapshot:get']);
    expect(local.calls).toEqual([]);
    await other.close();
    for (let i = 0; i < 200 && lost.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(lost).toEqual([
      expect.stringMatching(
        /^The agent at http:\/\/127\.0\.0\.1:\d+\/ closed the connection .*; Subflow monitors on its own again and starts its helper when a change needs one \(restart Subflow to use the agent once it runs again\)\.$/,
      ),
    ]);
    // Requests and pushes now come from the app's own side, through the same Host.
    expect(await desktop.host.invoke('snapshot:get', {})).toEqual({ ok: true, value: SNAPSHOT });
    expect(local.calls.map((c) => c.name)).toEqual(['snapshot:get']);
    local.tick();
    expect(pushes).toEqual(['onTick']);
    await desktop.close();
    expect(local.closed).toBe(true);
  });

  it('says to restart when the app’s own side cannot start either', async () => {
    const lost: string[] = [];
    const other = await startServer({ host: new FakeHost(), port: 0, token: TOKEN, logger: quiet });
    const env = place({ url: `http://127.0.0.1:${other.port}/`, token: TOKEN, pid: agentPid });
    const desktop = await announcedAgent({
      env,
      log: () => undefined,
      onLost: (m) => lost.push(m),
      startLocal: () => Promise.reject(new Error('no kernel here')),
    });
    await other.close();
    for (let i = 0; i < 200 && lost.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(lost[0]).toMatch(
      /closed the connection .*, and Subflow could not start its own monitor \(no kernel here\): restart Subflow\.$/,
    );
    await desktop?.close();
  });

  it('stays local, silently, when no agent is announced', async () => {
    const logs: string[] = [];
    expect(await announced(place(), logs)).toBeNull();
    expect(logs).toEqual([]);
  });

  it('stays local when the file outlived its agent, even where its pid was reused', async () => {
    const logs: string[] = [];
    const dead = Number(spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());
    expect(await announced(place({ url: url(), token: TOKEN, pid: dead }), logs)).toBeNull();
    // This test runner is alive but no agent.
    expect(await announced(place({ url: url(), token: TOKEN, pid: process.pid }), logs)).toBeNull();
    expect(logs).toEqual([
      `${join(scratch, `run-${n - 1}`)}/agent.json names the agent pid ${dead}, where no agent runs any more (a file left behind); the app uses its own helper.`,
      `${runDir}/agent.json names the agent pid ${process.pid}, where no agent runs any more (a file left behind); the app uses its own helper.`,
    ]);
  });

  it('stays local when the announced agent refuses or does not answer, saying why', async () => {
    const logs: string[] = [];
    const wrong = place({ url: url(), token: 'not-the-token-0123456789', pid: agentPid });
    expect(await announced(wrong, logs)).toBeNull();
    expect(logs[0]).toMatch(
      /announces an agent the app cannot use \(.*refused the token: restart it \(sudo systemctl restart subflow-agent\)/,
    );
    const other = await startServer({ host: new FakeHost(), port: 0, token: TOKEN, logger: quiet });
    const gone = `http://127.0.0.1:${other.port}/`;
    await other.close();
    expect(await announced(place({ url: gone, token: TOKEN, pid: agentPid }), logs)).toBeNull();
    expect(logs[1]).toMatch(
      /announces an agent the app cannot use \(.*is not listening: start it \(sudo systemctl start subflow-agent\)\); it uses its own helper\.$/,
    );
  });

  it('stays local when the file cannot be read, saying so', async () => {
    const logs: string[] = [];
    const env = place();
    mkdirSync(join(runDir, 'agent.json'), { recursive: true });
    expect(await announced(env, logs)).toBeNull();
    expect(logs).toEqual([
      `${runDir}/agent.json cannot be read (EISDIR); the app does not use the agent and starts its own privileged helper when a change needs one.`,
    ]);
  });

  it('lets SUBFLOW_AGENT_URL win over the file', async () => {
    const logs: string[] = [];
    const env = place({ url: 'http://127.0.0.1:1/', token: TOKEN, pid: agentPid });
    const desktop = await createDesktopHost({
      ...options({ ...env, SUBFLOW_AGENT_URL: server.url }),
      log: (l) => logs.push(l),
    });
    expect(desktop.source).toBe(url());
    expect(logs).toEqual([]);
    await desktop.close();
  });
});
