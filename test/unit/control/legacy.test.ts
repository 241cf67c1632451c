// The legacy (multipath-tcp.org) switch: setMultipath's mapping to the link op, the link op's
// RTM_SETLINK request and its read-back, run against the captured link dump of the lab with the
// flags a legacy kernel would set patched in (there is no legacy kernel here).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MultipathMode } from '../../../electron/contract.js';
import { toApiError } from '../../../electron/api-errors.js';
import { setMultipath } from '../../../electron/control/multipath.js';
import type { KernelContext } from '../../../native/kernel/kernel-context.js';
import { legacyMultipathRequest, linkOps } from '../../../native/kernel/link-ops.js';
import type { LegacyMultipathArgs } from '../../../native/kernel/link-ops.js';
import { parseMessages } from '../../../native/netlink/message.js';
import type { NlMessage } from '../../../native/netlink/message.js';
import { IFF_MPBACKUP, IFF_NOMULTIPATH } from '../../../native/rtnl/legacy-multipath.js';
import { RTM_GETLINK, RTM_NEWLINK, RTM_SETLINK } from '../../../native/rtnl/shared.js';
import { sample } from '../../fixtures/monitor/samples.js';
import { FakeKernel } from './fake-kernel.js';

const MODES: MultipathMode[] = ['on', 'off', 'backup'];
const LEGACY = {
  mptcp: 'legacy',
  enabled: true,
  pathManager: 'fullmesh',
  release: '4.19-mptcp',
} as const;

/** A route socket that applies SETLINK to the captured links as a legacy kernel would. */
class LegacyRouteSocket {
  readonly requests: { operation: string; type: number; payload: Uint8Array }[] = [];
  links: NlMessage[];
  constructor() {
    this.links = [0, 1, 2]
      .flatMap((i) =>
        parseMessages(
          new Uint8Array(
            readFileSync(new URL(`../../fixtures/rtnl/cli-link-dump-${i}.bin`, import.meta.url)),
          ),
        ),
      )
      .filter((m) => m.type === RTM_NEWLINK);
  }
  request(operation: string, type: number, payload: Uint8Array, _dump: boolean): NlMessage[] {
    this.requests.push({ operation, type, payload });
    if (type === RTM_GETLINK) return this.links;
    const req = new DataView(payload.buffer, payload.byteOffset);
    const ifindex = req.getInt32(4, true);
    const [flags, change] = [req.getUint32(8, true), req.getUint32(12, true)];
    this.links = this.links.map((m) => {
      const p = m.payload.slice();
      const view = new DataView(p.buffer);
      if (view.getInt32(4, true) !== ifindex) return m;
      view.setUint32(8, (view.getUint32(8, true) & ~change) | (flags & change), true);
      return { ...m, payload: p };
    });
    return [];
  }
}

const ctxWith = (route: LegacyRouteSocket): KernelContext =>
  ({ route }) as unknown as KernelContext;

describe('legacy link op', () => {
  it('sends RTM_SETLINK naming only the two multipath bits, and reads the switch back', () => {
    const route = new LegacyRouteSocket();
    const blue = 3;
    for (const mode of MODES) {
      const state = linkOps.setLegacyMultipath(ctxWith(route), { ifindex: blue, mode });
      expect(state.mode).toBe(mode);
      expect(state.name).toBe('blue-c');
      // UP and the other flags are untouched.
      expect(state.flags & 0x1).toBe(1);
    }
    const sets = route.requests.filter((r) => r.type === RTM_SETLINK);
    expect(sets.map((r) => r.operation)).toEqual([
      'set multipath on on interface 3',
      'set multipath off on interface 3',
      'set multipath backup on interface 3',
    ]);
    const fields = sets.map((r) => {
      const v = new DataView(r.payload.buffer, r.payload.byteOffset);
      return [v.getInt32(4, true), v.getUint32(8, true), v.getUint32(12, true)];
    });
    const mask = IFF_NOMULTIPATH | IFF_MPBACKUP;
    expect(fields).toEqual([
      [3, 0, mask],
      [3, IFF_NOMULTIPATH, mask],
      [3, IFF_MPBACKUP, mask],
    ]);
  });

  it('fails when the interface is gone after the change', () => {
    const route = new LegacyRouteSocket();
    expect(() => linkOps.setLegacyMultipath(ctxWith(route), { ifindex: 99, mode: 'off' })).toThrow(
      /vanished/,
    );
    expect(legacyMultipathRequest({ ifindex: 99, mode: 'off' }).type).toBe(RTM_SETLINK);
    expect(() => legacyMultipathRequest({ ifindex: 0, mode: 'off' })).toThrow(RangeError);
  });
});

describe('setMultipath on a legacy kernel', () => {
  it('maps each mode to the link op and reports the read-back', async () => {
    for (const mode of MODES) {
      const k = new FakeKernel(sample(0, { kernel: LEGACY, endpoints: [] }));
      const asked: LegacyMultipathArgs[] = [];
      k.setLegacyMultipath = (args) => {
        asked.push(args);
        return Promise.resolve({ ...args, name: 'blue-c', flags: 0x11043 });
      };
      const r = await setMultipath(k, 'blue-c', mode);
      expect(asked).toEqual([{ ifindex: 5, mode }]);
      expect(r.mode).toBe(mode);
      expect(r.endpoints).toEqual([]);
      expect(k.calls.map((c) => c.op)).toEqual(['sample']);
      if (mode === 'off') expect(r.notes.at(-1)).toMatch(/^blue-c starts no new MPTCP subflows/);
      if (mode === 'on') expect(r.notes).toEqual(['blue-c already was on; nothing changed']);
    }
  });

  it('reports a read-back that differs, and refuses without the link op or when disabled', async () => {
    const k = new FakeKernel(sample(0, { kernel: LEGACY, endpoints: [] }));
    k.setLegacyMultipath = (args) =>
      Promise.resolve({ ...args, mode: 'on', name: 'blue-c', flags: 0x11043 });
    const err = toApiError(await setMultipath(k, 'blue-c', 'off').catch((e: unknown) => e));
    expect(err.code).toBe('kernel');
    expect(err.message).toMatch(
      /^asked for multipath off on blue-c, but the kernel now reports on/,
    );

    const unwired = new FakeKernel(sample(0, { kernel: LEGACY, endpoints: [] }));
    const refused = toApiError(
      await setMultipath(unwired, 'blue-c', 'off').catch((e: unknown) => e),
    );
    expect(refused.code).toBe('mptcp-unavailable');
    expect(refused.message).toMatch(/ip link set dev blue-c multipath off/);

    const disabled = new FakeKernel(
      sample(0, {
        kernel: { ...LEGACY, enabled: false, reason: 'net.mptcp.mptcp_enabled = 0: enable it' },
      }),
    );
    const off = toApiError(await setMultipath(disabled, 'blue-c', 'off').catch((e: unknown) => e));
    expect(off).toEqual({
      code: 'mptcp-unavailable',
      message: 'net.mptcp.mptcp_enabled = 0: enable it',
    });
  });
});
