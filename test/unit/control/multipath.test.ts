// setMultipath against a fake kernel thread: the calls it makes in order, the read-back, the
// refusals (unknown interface, bad mode or name, loopback, MPTCP off, userspace PM) that change
// nothing, permission failures passed on unchanged, half-done runs, and a kernel that says no.
import { describe, expect, it } from 'vitest';
import type { MultipathMode } from '../../../electron/contract.js';
import { toApiError } from '../../../electron/api-errors.js';
import { ControlError } from '../../../electron/control/control-error.js';
import { setMultipath } from '../../../electron/control/multipath.js';
import type { RawSample } from '../../../native/kernel/sample.js';
import { KernelFailure } from '../../../native/kernel/wire-error.js';
import { endpoint, sample } from '../../fixtures/monitor/samples.js';
import { FakeKernel, failure } from './fake-kernel.js';

/** The rejection of `p`, which must reject. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('setMultipath (upstream)', () => {
  it('backup: SET_FLAGS on the existing endpoint, then a fresh read-back', async () => {
    const k = new FakeKernel();
    const r = await setMultipath(k, 'blue-c', 'backup');
    expect(k.calls.map((c) => c.op)).toEqual([
      'sample',
      'listEndpoints',
      'setEndpointFlags',
      'listEndpoints',
    ]);
    expect(k.changes[0]?.args).toEqual({ target: { id: 1 }, change: { backup: true } });
    expect(r).toEqual({
      interface: 'blue-c',
      mode: 'backup',
      endpoints: [
        { id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['subflow', 'backup'] },
      ],
      notes: [],
    });
  });

  it('off deletes, says what off does not stop; on adds it back bound to the interface', async () => {
    const k = new FakeKernel();
    const off = await setMultipath(k, 'blue-c', 'off');
    expect(off.mode).toBe('off');
    expect(off.endpoints).toEqual([]);
    expect(off.notes).toEqual([
      'blue-c starts no new MPTCP subflows now; plain TCP and traffic that routing sends there still use it',
      'the kernel closed the MPTCP subflows that used the deleted endpoint (id 1)',
    ]);
    const on = await setMultipath(k, 'blue-c', 'on');
    expect(k.changes.map((c) => [c.op, c.args])).toEqual([
      ['deleteEndpoint', { id: 1 }],
      ['addEndpoint', { address: '203.0.113.1', ifindex: 5, flags: ['subflow'] }],
    ]);
    expect(on).toMatchObject({ mode: 'on', notes: [] });
    expect(on.endpoints).toEqual([
      { id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['subflow'] },
    ]);
  });

  it('a server announces too; red-c gets its own endpoint', async () => {
    const k = new FakeKernel();
    const r = await setMultipath(k, 'red-c', 'on', { role: 'server' });
    expect(k.changes.map((c) => c.args)).toEqual([
      { address: '198.51.100.1', ifindex: 3, flags: ['signal', 'subflow'] },
    ]);
    expect(r.endpoints.map((e) => e.flags)).toEqual([['signal', 'subflow']]);
  });

  it('nothing to do: no change, and a note saying so', async () => {
    const k = new FakeKernel();
    const r = await setMultipath(k, 'blue-c', 'on');
    expect(k.changes).toEqual([]);
    expect(r.notes).toEqual(['blue-c already was on; nothing changed']);
  });

  it('refuses an unknown interface with the known names, changing nothing', async () => {
    const k = new FakeKernel();
    const err = await rejection(setMultipath(k, 'wlan0', 'backup'));
    expect(err).toBeInstanceOf(ControlError);
    expect(toApiError(err)).toEqual({
      code: 'not-found',
      message: 'there is no interface named wlan0 here (known: lo, red-c, blue-c)',
    });
    expect(k.changes).toEqual([]);
  });

  it('refuses a bad mode, role or name before reading anything', async () => {
    const k = new FakeKernel();
    const bad = [
      setMultipath(k, 'blue-c', 'sideways' as MultipathMode),
      setMultipath(k, 'blue-c', 'on', { role: 'router' as 'client' }),
      setMultipath(k, 'blue-c; reboot', 'on'),
      setMultipath(k, '', 'on'),
    ];
    for (const p of bad) expect(toApiError(await rejection(p)).code).toBe('bad-request');
    expect(k.calls).toEqual([]);
  });

  it('refuses loopback, MPTCP unavailable or disabled, and the userspace path manager', async () => {
    const cases: [Partial<RawSample>, string, string, RegExp][] = [
      [{}, 'lo', 'bad-request', /loopback/],
      [
        {
          kernel: {
            mptcp: 'upstream',
            enabled: false,
            release: 'x',
            reason: 'net.mptcp.enabled = 0: enable it with sysctl -w net.mptcp.enabled=1',
          },
        },
        'blue-c',
        'mptcp-unavailable',
        /^net\.mptcp\.enabled = 0/,
      ],
      [
        { kernel: { mptcp: 'unavailable', enabled: false, release: 'x', reason: 'no MPTCP here' } },
        'blue-c',
        'mptcp-unavailable',
        /^no MPTCP here$/,
      ],
      [
        { kernel: { mptcp: 'upstream', enabled: true, pathManager: 'userspace', release: 'x' } },
        'blue-c',
        'mptcp-unavailable',
        /userspace path manager/,
      ],
    ];
    for (const [parts, name, code, message] of cases) {
      const k = new FakeKernel(sample(0, parts));
      const err = toApiError(await rejection(setMultipath(k, name, 'backup')));
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      expect(k.changes).toEqual([]);
    }
  });

  it('an interface without a usable address is refused for on/backup', async () => {
    const base = sample(0);
    const k = new FakeKernel({
      ...base,
      interfaces: base.interfaces.map((i) =>
        i.name === 'blue-c' ? { ...i, addresses: [], addressDetails: [] } : i,
      ),
      endpoints: [],
    });
    const err = toApiError(await rejection(setMultipath(k, 'blue-c', 'on')));
    expect(err).toMatchObject({ code: 'bad-request' });
    expect(err.message).toMatch(/^blue-c has no address MPTCP can use/);
    expect(k.changes).toEqual([]);
  });

  it('passes a permission failure on unchanged, with nothing changed', async () => {
    const k = new FakeKernel();
    const denied = failure(
      'permission',
      'change MPTCP endpoint 1 needs CAP_NET_ADMIN: run the helper',
    );
    k.failWith = (op) => (op === 'setEndpointFlags' ? denied : undefined);
    const err = await rejection(setMultipath(k, 'blue-c', 'backup'));
    expect(err).toBe(denied);
    expect(err).toBeInstanceOf(KernelFailure);
    expect(toApiError(err)).toEqual({ code: 'permission', message: denied.message });
    expect(k.endpoints).toEqual([endpoint(1, '203.0.113.1', ['subflow'], 5)]);
  });

  it('a failure after earlier changes says what was done', async () => {
    const base = sample(0);
    const k = new FakeKernel({
      ...base,
      interfaces: base.interfaces.map((i) =>
        i.name === 'blue-c'
          ? {
              ...i,
              addresses: ['203.0.113.1', '2001:db8:2::1'],
              addressDetails: [
                ...i.addressDetails,
                { ...i.addressDetails[0]!, family: 6, address: '2001:db8:2::1' },
              ],
            }
          : i,
      ),
    });
    k.failWith = (op) =>
      op === 'addEndpoint' ? failure('netlink', 'add failed: ENOSPC') : undefined;
    const err = toApiError(await rejection(setMultipath(k, 'blue-c', 'backup')));
    expect(err.code).toBe('kernel');
    expect(err.message).toBe(
      'add failed: ENOSPC; before that set id 1 backup had been done, so blue-c may be half ' +
        'switched: run the same change again',
    );
  });

  it('reports an error when the kernel reads back another mode', async () => {
    const k = new FakeKernel();
    k.ignoreChanges = true;
    const err = toApiError(await rejection(setMultipath(k, 'blue-c', 'backup')));
    expect(err.code).toBe('kernel');
    expect(err.message).toMatch(
      /^asked for multipath backup on blue-c, but the kernel now reports on: its endpoints: id 1 203\.0\.113\.1 \(subflow\); something else/,
    );
  });

  it('a stale endpoint left alone makes backup fail with the reason, and is noted for on', async () => {
    const eps = [
      endpoint(1, '203.0.113.1', ['subflow'], 5),
      endpoint(2, '203.0.113.9', ['subflow'], 5),
    ];
    const k = new FakeKernel(sample(0, { endpoints: eps }));
    const err = toApiError(await rejection(setMultipath(k, 'blue-c', 'backup')));
    expect(err.message).toMatch(/now reports on: .*id 2 203\.0\.113\.9 .*no longer on it/);
    const k2 = new FakeKernel(sample(0, { endpoints: eps }));
    const r = await setMultipath(k2, 'blue-c', 'on');
    expect(r.notes).toEqual([
      'blue-c already was on; nothing changed',
      "endpoint id 2 (203.0.113.9) is bound to blue-c but that address is no longer on it; it was left as it is (remove it with 'ip mptcp endpoint delete id 2' or subflow doctor)",
    ]);
    // off removes it too.
    expect((await setMultipath(k2, 'blue-c', 'off')).mode).toBe('off');
    expect(k2.endpoints).toEqual([]);
  });

  it('on over an implicit endpoint: the kernel replaces it, so no note about it', async () => {
    const eps = [endpoint(1, '203.0.113.1', ['implicit'], 5)];
    const k = new FakeKernel(sample(0, { endpoints: eps }));
    const r = await setMultipath(k, 'blue-c', 'on');
    expect(k.changes.map((c) => c.op)).toEqual(['addEndpoint']);
    expect(r.endpoints).toEqual([
      { id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['subflow'] },
    ]);
    expect(r.notes).toEqual([]);
  });

  it('leaves implicit endpoints to the kernel, and says so', async () => {
    const eps = [
      endpoint(1, '203.0.113.1', ['subflow'], 5),
      endpoint(6, '198.51.100.1', ['implicit']),
    ];
    const k = new FakeKernel(sample(0, { endpoints: eps }));
    const r = await setMultipath(k, 'red-c', 'off');
    expect(k.changes).toEqual([]);
    expect(r.endpoints.map((e) => e.id)).toEqual([6]);
    expect(r.notes).toContain(
      'endpoint id 6 (198.51.100.1) is implicit: the kernel made it for a subflow that used this address without an endpoint, and manages it itself',
    );
  });
});

describe('setMultipath remembers the choice', () => {
  const store = (fail?: string) => {
    const remembered: [string | null, string, MultipathMode][] = [];
    return {
      remembered,
      store: {
        path: '/etc/subflow/multipath-choices.json',
        load: () => Promise.resolve({ choices: [] }),
        remember: (netns: string | null, name: string, mode: MultipathMode) => {
          if (fail !== undefined) return Promise.reject(new Error(fail));
          remembered.push([netns, name, mode]);
          return Promise.resolve({ netns, interface: name, mode, time: 1 });
        },
        forget: () => Promise.resolve(),
      },
    };
  };

  it('records the mode read back, for the namespace it was made in', async () => {
    const s = store();
    await setMultipath(new FakeKernel(), 'blue-c', 'off', {
      remember: { store: s.store, netns: 'ns1' },
    });
    expect(s.remembered).toEqual([['ns1', 'blue-c', 'off']]);
  });

  it('records nothing when the change fails', async () => {
    const s = store();
    await rejection(
      setMultipath(new FakeKernel(), 'nope0', 'off', { remember: { store: s.store, netns: null } }),
    );
    expect(s.remembered).toEqual([]);
  });

  it('keeps the change and says so in a note when the choice cannot be written', async () => {
    const s = store('EROFS: read-only file system');
    const r = await setMultipath(new FakeKernel(), 'blue-c', 'backup', {
      remember: { store: s.store, netns: null },
    });
    expect(r.mode).toBe('backup');
    expect(r.notes).toEqual([
      'multipath backup on blue-c is set, but the choice could not be remembered in ' +
        "/etc/subflow/multipath-choices.json (EROFS: read-only file system), so 'subflow doctor' " +
        'may propose to undo it: make the directory writable for this process (or set ' +
        'SUBFLOW_CONFIG_DIR) and switch again',
    ]);
  });
});
