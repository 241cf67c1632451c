// The app's Host when SUBFLOW_AGENT_URL points at a headless agent: everything goes to the agent
// (here the real server on a FakeHost), a bad URL is refused with what to fix, and losing the
// agent is reported. (The default, local Host needs the kernel: main.test.ts stands it in.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../electron/server/server.js';
import type { RunningServer } from '../../../electron/server/server.js';
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
