// Pointing the app at a headless agent: SUBFLOW_AGENT_URL parsing, and a RemoteHost over the
// real server's WebSocket (startServer on a FakeHost), refused tokens and unreachable agents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, parseAgentUrl } from '../../../electron/helper/agent-link.js';
import type { HostPush } from '../../../electron/host/host.js';
import { startServer } from '../../../electron/server/server.js';
import type { RunningServer } from '../../../electron/server/server.js';
import { FakeHost, SNAPSHOT } from '../server/fake-host.js';

const TOKEN = 'agent-test-token-0123456789';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('SUBFLOW_AGENT_URL', () => {
  it('turns the printed URL into the stream address and token', () => {
    expect(parseAgentUrl(`http://127.0.0.1:7070/?token=${TOKEN}`)).toEqual({
      ok: true,
      target: {
        streamUrl: 'ws://127.0.0.1:7070/api/stream',
        token: TOKEN,
        display: 'http://127.0.0.1:7070/',
      },
    });
    const v6 = parseAgentUrl(`https://[2001:db8::1]:8443/?token=${TOKEN}`);
    expect(v6.ok && v6.target.streamUrl).toBe('wss://[2001:db8::1]:8443/api/stream');
  });

  it('says what is wrong with a bad one', () => {
    const message = (text: string) => {
      const parsed = parseAgentUrl(text);
      return parsed.ok ? '' : parsed.message;
    };
    expect(message('localhost:7070/?token=x')).toContain('scheme');
    expect(message('not a url')).toContain('is not a URL');
    expect(message('http://127.0.0.1:7070/')).toContain('no ?token=');
    expect(message('ftp://h/?token=x')).toContain('http or https');
  });
});

describe('a RemoteHost over the agent WebSocket', () => {
  const host = new FakeHost();
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ host, port: 0, token: TOKEN, logger: quiet });
  });
  afterAll(async () => {
    await server.close();
  });

  it('invokes requests and receives pushes', async () => {
    const parsed = parseAgentUrl(server.url);
    if (!parsed.ok) throw new Error(parsed.message);
    const remote = await connectAgent(parsed.target);
    const pushes: HostPush[] = [];
    remote.subscribe((p) => pushes.push(p));
    expect(await remote.invoke('snapshot:get', {})).toEqual({ ok: true, value: SNAPSHOT });
    expect(
      await remote.invoke('multipath:set', { interface: 'eth0', mode: 'backup' }),
    ).toMatchObject({
      ok: true,
      value: { mode: 'backup' },
    });
    host.tick();
    for (let i = 0; i < 100 && pushes.length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(pushes[0]).toEqual({ name: 'onTick', payload: { snapshot: SNAPSHOT, events: [] } });
    remote.close();
    expect(await remote.closed).toBeNull();
    expect(await remote.invoke('snapshot:get', {})).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });

  it('reports a wrong token in words', async () => {
    const url = new URL(server.url);
    url.searchParams.set('token', 'wrong-token-0123456789abcdef');
    const parsed = parseAgentUrl(url.href);
    if (!parsed.ok) throw new Error(parsed.message);
    await expect(connectAgent(parsed.target)).rejects.toThrow(/refused the token/);
  });

  it('reports an agent that is not listening', async () => {
    const parsed = parseAgentUrl(`http://127.0.0.1:1/?token=${TOKEN}`);
    if (!parsed.ok) throw new Error(parsed.message);
    await expect(connectAgent(parsed.target)).rejects.toThrow(/is not listening/);
  });
});
