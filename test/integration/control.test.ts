// Multipath on / off / backup on the real kernel, in a throwaway lab (sfhNNN-cli / -srv):
// backup reaches the peer as sub-priority and the subflow's backup bit; off removes the
// endpoint and closes the running connection's blue subflow; on brings it back for existing
// and new connections; refusals and an unprivileged caller change nothing; a revert by
// "someone else" is noticed. Endpoints are cross-checked with `ip mptcp endpoint show`.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MultipathMode } from '../../electron/contract.js';
import { toApiError } from '../../electron/api-errors.js';
import { setMultipath } from '../../electron/control/multipath.js';
import { KernelClient } from '../../native/kernel/kernel-client.js';
import type { RawSample } from '../../native/kernel/sample.js';
import { labDown, labTraffic, labUp } from '../../native/lab/index.js';
import { parseIpMptcpEndpoints } from '../../native/text/ip-mptcp-parser.js';
import { runTsAsNobody } from './support/as-nobody.js';
import { collectPmEvents } from './support/mptcp-pm-events.js';

const run = promisify(execFile);
const root = process.getuid?.() === 0;
const prefix = `sfh${process.pid % 1000}`;
const cli = `${prefix}-cli`;
const srv = `${prefix}-srv`;

/** `ip mptcp endpoint show` of the client, parsed, without line numbers. */
const ipEndpoints = () =>
  parseIpMptcpEndpoints(
    execFileSync('ip', ['-n', cli, 'mptcp', 'endpoint', 'show'], { encoding: 'utf8' }),
  ).map(({ line: _line, ...rest }) => rest);

/** The busiest MPTCP connection to the iperf3 server (its data connection) and its subflows. */
function dataConnection(s: RawSample) {
  const conns = s.mptcpSockets
    .filter((m) => m.state === 'established' && m.remote.port === 5201)
    .sort((a, b) => (b.info?.bytesSent ?? 0) - (a.info?.bytesSent ?? 0));
  const conn = conns[0];
  if (!conn?.info?.token || (conn.info.bytesSent ?? 0) < 100_000) return undefined;
  const token = conn.info.token;
  const subflows = s.subflows.filter(
    (f) => f.state === 'established' && f.mptcp?.tokenLocal === token,
  );
  return { token, subflows, blue: subflows.find((f) => f.local.address === '203.0.113.1') };
}

describe.skipIf(!root)('multipath control in the lab', () => {
  let client: KernelClient;

  /** Polls samples every 100 ms until `done` holds (bounded); returns the last sample. */
  async function until(done: (s: RawSample) => boolean, ms = 8000): Promise<RawSample> {
    let s = await client.call('sample', null);
    for (let waited = 0; !done(s) && waited < ms; waited += 100) {
      await sleep(100);
      s = await client.call('sample', null);
    }
    return s;
  }

  const set = (mode: MultipathMode) => setMultipath(client, 'blue-c', mode);

  beforeAll(async () => {
    await labUp({ prefix });
    client = new KernelClient({ netns: cli });
  });

  afterAll(async () => {
    await client.close();
    await labDown({ prefix });
  });

  it('backup: the endpoint gets the flag, the peer sees sub-priority, the subflow its backup bit', async () => {
    const stream = await collectPmEvents(srv);
    const seen = stream.events;
    const traffic = labTraffic({ prefix, seconds: 5 });
    try {
      const before = await until((s) => dataConnection(s)?.blue !== undefined);
      expect(dataConnection(before)?.blue?.mptcp?.backupLocal).toBe(false);
      const r = await set('backup');
      expect(r).toEqual({
        interface: 'blue-c',
        mode: 'backup',
        endpoints: [
          { id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['subflow', 'backup'] },
        ],
        notes: [],
      });
      expect(ipEndpoints()).toEqual([
        {
          id: 1,
          address: '203.0.113.1',
          interface: 'blue-c',
          flags: ['subflow', 'backup'],
          unknown: [],
        },
      ]);
      const after = await until((s) => dataConnection(s)?.blue?.mptcp?.backupLocal === true, 3000);
      const blue = dataConnection(after)?.blue;
      expect(blue?.mptcp?.backupLocal).toBe(true);
      for (let waited = 0; waited < 3000; waited += 50) {
        if (seen.some((e) => e.type === 'sub-priority')) break;
        await sleep(50);
      }
      const prio = seen.filter((e) => e.type === 'sub-priority');
      expect(prio.length).toBeGreaterThanOrEqual(1);
      expect(prio[0]).toMatchObject({ backup: true, remote: { address: '203.0.113.1' } });
    } finally {
      await traffic;
      await stream.close();
    }
  });

  it('off: the endpoint is gone and the running connection loses its blue subflow', async () => {
    await set('on');
    const traffic = labTraffic({ prefix, seconds: 5 });
    try {
      const before = await until((s) => dataConnection(s)?.blue !== undefined);
      const token = dataConnection(before)?.token;
      expect(dataConnection(before)?.subflows).toHaveLength(2);
      const started = performance.now();
      const r = await set('off');
      expect(r.mode).toBe('off');
      expect(r.endpoints).toEqual([]);
      expect(r.notes[0]).toBe(
        'blue-c starts no new MPTCP subflows now; plain TCP and traffic that routing sends there still use it',
      );
      expect(ipEndpoints()).toEqual([]);
      const after = await until((s) => dataConnection(s)?.subflows.length === 1, 3000);
      const conn = dataConnection(after);
      console.log(`blue subflow gone ${Math.round(performance.now() - started)} ms after 'off'`);
      expect(conn?.token).toBe(token);
      expect(conn?.subflows.map((f) => f.local.address)).toEqual(['198.51.100.1']);
    } finally {
      await traffic;
    }
  });

  it('on: the endpoint is back; the running connection and a new one get the blue subflow', async () => {
    await set('off');
    const traffic = labTraffic({ prefix, seconds: 5 });
    let existingGotIt = false;
    try {
      const before = await until((s) => dataConnection(s) !== undefined);
      const token = dataConnection(before)?.token;
      expect(dataConnection(before)?.subflows).toHaveLength(1);
      const r = await set('on');
      expect(r.mode).toBe('on');
      expect(r.endpoints).toEqual([
        { id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['subflow'] },
      ]);
      expect(ipEndpoints()).toEqual([
        { id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['subflow'], unknown: [] },
      ]);
      const after = await until((s) => dataConnection(s)?.blue !== undefined, 3000);
      existingGotIt = dataConnection(after)?.token === token && !!dataConnection(after)?.blue;
      console.log(`existing connection got a blue subflow after 'on': ${existingGotIt}`);
    } finally {
      await traffic;
    }
    expect(existingGotIt).toBe(true);
    const next = labTraffic({ prefix, seconds: 3 });
    try {
      const s = await until((x) => dataConnection(x)?.subflows.length === 2);
      expect(
        dataConnection(s)
          ?.subflows.map((f) => f.local.address)
          .sort(),
      ).toEqual(['198.51.100.1', '203.0.113.1']);
    } finally {
      await next;
    }
  });

  it('refuses an unknown interface and a bad mode, changing nothing', async () => {
    await set('backup');
    const before = ipEndpoints();
    const unknown = toApiError(await setMultipath(client, 'wlan9', 'off').catch((e: unknown) => e));
    expect(unknown).toEqual({
      code: 'not-found',
      message: 'there is no interface named wlan9 here (known: lo, red-c, blue-c)',
    });
    const bad = toApiError(
      await setMultipath(client, 'blue-c', 'sideways' as MultipathMode).catch((e: unknown) => e),
    );
    expect(bad.code).toBe('bad-request');
    const lo = toApiError(await setMultipath(client, 'lo', 'on').catch((e: unknown) => e));
    expect(lo.code).toBe('bad-request');
    expect(ipEndpoints()).toEqual(before);
    await set('on');
  });

  it('leaves an implicit endpoint alone on off; on turns it into a real one', async () => {
    await set('off');
    // The server announces its blue address: the client's join towards it uses 203.0.113.1
    // without an endpoint, so the kernel makes an implicit one.
    await run('ip', [
      '-n',
      srv,
      'mptcp',
      'endpoint',
      'add',
      '203.0.113.2',
      'dev',
      'blue-s',
      'signal',
    ]);
    try {
      await labTraffic({ prefix, seconds: 2 });
      const implicit = ipEndpoints();
      expect(implicit).toEqual([
        {
          id: expect.any(Number) as number,
          address: '203.0.113.1',
          flags: [],
          rawFlags: 0x10,
          unknown: [],
        },
      ]);
      const off = await set('off');
      expect(ipEndpoints()).toEqual(implicit);
      expect(off.endpoints).toEqual([
        { id: implicit[0]!.id, address: '203.0.113.1', interface: 'blue-c', flags: ['implicit'] },
      ]);
      expect(off.notes.at(-1)).toMatch(/is implicit: the kernel made it/);
      const on = await set('on');
      expect(on.notes).toEqual([]);
      expect(ipEndpoints()).toEqual([
        {
          id: implicit[0]!.id,
          address: '203.0.113.1',
          interface: 'blue-c',
          flags: ['subflow'],
          unknown: [],
        },
      ]);
    } finally {
      await run('ip', ['-n', srv, 'mptcp', 'endpoint', 'flush']);
    }
  });

  it('as an unprivileged user fails with the permission message and changes nothing', async () => {
    await set('on');
    const before = ipEndpoints();
    const modules = ['../../native/kernel/kernel-client.ts', '../../electron/control/multipath.ts'];
    const [kc, mp] = modules.map((m) => new URL(m, import.meta.url).href);
    const code = [
      `import { KernelClient } from '${kc}';`,
      `import { setMultipath } from '${mp}';`,
      `const k = new KernelClient({ netns: null });`,
      `let out;`,
      `try { out = { ok: true, value: await setMultipath(k, 'blue-c', 'backup') }; }`,
      `catch (e) { out = { ok: false, code: e.code, message: e.message }; }`,
      `await k.close();`,
      `process.stdout.write(JSON.stringify({ uid: process.getuid(), ...out }) + '\\n');`,
    ].join('\n');
    const r = await runTsAsNobody<{ uid: number; ok: boolean; code?: string; message?: string }>(
      cli,
      ['--input-type=module', '-e', code],
    );
    expect(r.uid).not.toBe(0);
    expect(r).toMatchObject({ ok: false, code: 'permission' });
    expect(r.message).toMatch(/^change MPTCP endpoint 1 needs CAP_NET_ADMIN/);
    expect(ipEndpoints()).toEqual(before);
  });
});
