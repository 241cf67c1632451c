import { describe, expect, it } from 'vitest';
import { rawRequest, resultOf } from './fake-host.js';
import { serverPerTest } from './test-server.js';

const TOKEN = 'body-test-token-0123456789';
const t = serverPerTest(TOKEN);
const { post } = t;
const bearer = { authorization: `Bearer ${TOKEN}` };

describe('request bodies', () => {
  const big = JSON.stringify({ interface: 'eth0', mode: 'on', pad: 'x'.repeat(17 * 1024) });

  it('refuses bodies over 16 KiB with 413, with or without Content-Length', async () => {
    const declared = await post('/api/multipath', big);
    expect(declared.status).toBe(413);
    const chunked = await rawRequest({
      port: t.server.port,
      path: '/api/multipath',
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: Array.from({ length: 20 }, () => ' '.repeat(1024)),
    });
    expect(chunked.status).toBe(413);
    expect(t.host.calls).toEqual([]);
  });

  it('refuses malformed JSON (400), empty bodies (400) and other types (415)', async () => {
    const malformed = await post('/api/multipath', '{"interface": "eth0",');
    expect(malformed.status).toBe(400);
    expect(resultOf(malformed)).toMatchObject({
      error: { code: 'bad-request', message: expect.stringContaining('not valid JSON') as unknown },
    });
    expect((await post('/api/multipath', '')).status).toBe(400);
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
    ]) {
      const res = await post('/api/multipath', '{"interface":"eth0","mode":"on"}', {
        'content-type': type,
      });
      expect(res.status).toBe(415);
    }
    const noType = await rawRequest({
      port: t.server.port,
      path: '/api/multipath',
      method: 'POST',
      headers: bearer,
      body: '{}',
    });
    expect(noType.status).toBe(415);
    expect(t.host.calls).toEqual([]);
  });

  it.each(['../x', 'a:b', 'eth0 && reboot', 'abcdefghijklmnop', 'a'.repeat(300), '', '.'])(
    'refuses the interface %j with 400 before the Host sees it',
    async (name) => {
      const res = await post('/api/multipath', JSON.stringify({ interface: name, mode: 'on' }));
      expect(res.status).toBe(400);
      expect(resultOf(res)).toMatchObject({
        ok: false,
        error: { code: 'bad-request', message: expect.stringContaining('"interface"') as unknown },
      });
      expect(t.host.callsOf('multipath:set')).toEqual([]);
    },
  );

  it('refuses bad modes and bad shapes with 400 before the Host sees them', async () => {
    for (const body of [
      { interface: 'eth0', mode: 'up' },
      { interface: 'eth0', mode: 'ON' },
      { interface: 'eth0' },
      { interface: 7, mode: 'on' },
      ['eth0', 'on'],
      'eth0 on',
      null,
    ]) {
      const res = await post('/api/multipath', JSON.stringify(body));
      expect(res.status).toBe(400);
    }
    expect(t.host.callsOf('multipath:set')).toEqual([]);
  });
});
