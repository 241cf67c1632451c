// planMultipath: every mode against every kind of existing endpoint state — none, subflow,
// backup, signal, implicit, stale address, IPv6 link-local and tentative, two addresses — and
// agreement between the plan's outcome and the monitor's own mode derivation.
import { describe, expect, it } from 'vitest';
import type { MultipathMode } from '../../../electron/contract.js';
import { ControlError } from '../../../electron/control/control-error.js';
import { planMultipath } from '../../../electron/control/plan.js';
import type { EndpointAction, HostRole } from '../../../electron/control/plan.js';
import { interfaceMode } from '../../../electron/control/read-back.js';
import type { PmEndpoint } from '../../../native/mptcp-pm/endpoints.js';
import type { InterfaceWithAddresses } from '../../../native/rtnl/interfaces.js';
import { LO, endpoint, link } from '../../fixtures/monitor/samples.js';

const RED = link(3, 'red-c', ['198.51.100.1']);
const BLUE = link(5, 'blue-c', ['203.0.113.1']);
const BLUE2 = link(5, 'blue-c', ['203.0.113.1', '2001:db8:2::1', 'fe80::1']);

function plan(
  mode: MultipathMode,
  endpoints: PmEndpoint[],
  o: { iface?: InterfaceWithAddresses; role?: HostRole } = {},
) {
  const iface = o.iface ?? BLUE;
  return planMultipath({
    interface: iface,
    interfaces: iface.ifindex === 5 ? [LO(), RED, iface] : [LO(), iface, BLUE],
    endpoints,
    mode,
    role: o.role ?? 'client',
  });
}

/** Applies actions the way the kernel would, to check the outcome with the monitor's rule. */
function apply(endpoints: PmEndpoint[], actions: readonly EndpointAction[]): PmEndpoint[] {
  let out = [...endpoints];
  for (const a of actions) {
    if (a.kind === 'delete') out = out.filter((e) => e.id !== a.id);
    else if (a.kind === 'setFlags') {
      out = out.map((e) =>
        e.id !== a.id
          ? e
          : {
              ...e,
              flags: [
                ...e.flags.filter((f) => f !== 'backup'),
                ...(a.backup ? ['backup' as const] : []),
              ],
            },
      );
    } else {
      out = out.filter((e) => !(e.address === a.address && e.flags.includes('implicit')));
      out.push(endpoint(a.id ?? 100 + out.length, a.address, [...a.flags], a.ifindex));
    }
  }
  return out;
}

const MODES: MultipathMode[] = ['on', 'backup', 'off'];

describe('planMultipath', () => {
  it('none: on and backup add one subflow endpoint bound to the interface; off does nothing', () => {
    expect(plan('on', []).actions).toEqual([
      { kind: 'add', address: '203.0.113.1', ifindex: 5, flags: ['subflow'] },
    ]);
    expect(plan('backup', []).actions).toEqual([
      { kind: 'add', address: '203.0.113.1', ifindex: 5, flags: ['subflow', 'backup'] },
    ]);
    expect(plan('off', []).actions).toEqual([]);
  });

  it('a server also signals: a setting, not a guess', () => {
    expect(plan('on', [], { role: 'server' }).actions).toEqual([
      { kind: 'add', address: '203.0.113.1', ifindex: 5, flags: ['signal', 'subflow'] },
    ]);
    expect(plan('backup', [], { role: 'server' }).actions[0]).toMatchObject({
      flags: ['signal', 'subflow', 'backup'],
    });
  });

  it('subflow: on is a no-op, backup flips it in place (SET_FLAGS), off deletes it', () => {
    const eps = [endpoint(1, '203.0.113.1', ['subflow'], 5)];
    expect(plan('on', eps).actions).toEqual([]);
    expect(plan('backup', eps).actions).toEqual([
      { kind: 'setFlags', id: 1, backup: true, address: '203.0.113.1' },
    ]);
    expect(plan('off', eps).actions).toEqual([{ kind: 'delete', id: 1, address: '203.0.113.1' }]);
  });

  it('backup: on flips it back in place, never delete + add; backup is a no-op', () => {
    const eps = [endpoint(1, '203.0.113.1', ['subflow', 'backup'], 5)];
    expect(plan('on', eps).actions).toEqual([
      { kind: 'setFlags', id: 1, backup: false, address: '203.0.113.1' },
    ]);
    expect(plan('backup', eps).actions).toEqual([]);
    expect(plan('off', eps).actions).toEqual([{ kind: 'delete', id: 1, address: '203.0.113.1' }]);
  });

  it('signal only: a client re-creates it with subflow (same id); a server keeps it', () => {
    const eps = [endpoint(4, '203.0.113.1', ['signal'], 5)];
    const p = plan('on', eps);
    expect(p.actions).toEqual([
      { kind: 'delete', id: 4, address: '203.0.113.1' },
      { kind: 'add', address: '203.0.113.1', ifindex: 5, flags: ['subflow', 'signal'], id: 4 },
    ]);
    expect(p.recreated.map((e) => e.id)).toEqual([4]);
    expect(
      plan('on', [endpoint(4, '203.0.113.1', ['signal', 'subflow'], 5)], { role: 'server' })
        .actions,
    ).toEqual([]);
    // A signal endpoint with its own port cannot have `subflow`: a port-less one is added beside it.
    const withPort = [{ ...endpoint(4, '203.0.113.1', ['signal'], 5), port: 8080 }];
    expect(plan('backup', withPort).actions).toEqual([
      { kind: 'setFlags', id: 4, backup: true, address: '203.0.113.1' },
      { kind: 'add', address: '203.0.113.1', ifindex: 5, flags: ['subflow', 'backup'] },
    ]);
    expect(plan('off', eps).actions).toEqual([{ kind: 'delete', id: 4, address: '203.0.113.1' }]);
  });

  it('implicit endpoints are never touched, and reported', () => {
    const eps = [endpoint(7, '203.0.113.1', ['implicit'], 5)];
    for (const mode of MODES) {
      const p = plan(mode, eps);
      expect(p.actions.some((a) => a.kind !== 'add')).toBe(false);
      expect(p.implicit.map((e) => e.id)).toEqual([7]);
    }
    expect(plan('off', eps).actions).toEqual([]);
    expect(plan('on', eps).actions).toEqual([
      { kind: 'add', address: '203.0.113.1', ifindex: 5, flags: ['subflow'] },
    ]);
  });

  it('stale (bound here, address gone): on/backup leave and report it, off deletes it', () => {
    const eps = [
      endpoint(1, '203.0.113.1', ['subflow'], 5),
      endpoint(2, '203.0.113.9', ['subflow'], 5),
    ];
    const p = plan('backup', eps);
    expect(p.actions).toEqual([{ kind: 'setFlags', id: 1, backup: true, address: '203.0.113.1' }]);
    expect(p.stale.map((e) => e.id)).toEqual([2]);
    expect(plan('on', eps).actions).toEqual([]);
    expect(plan('off', eps).actions.map((a) => a.kind === 'delete' && a.id)).toEqual([1, 2]);
  });

  it('an endpoint without dev belongs here by address; one bound to another interface does not', () => {
    const eps = [
      endpoint(1, '203.0.113.1', ['subflow']),
      endpoint(2, '198.51.100.1', ['subflow'], 3),
    ];
    expect(plan('off', eps).actions).toEqual([{ kind: 'delete', id: 1, address: '203.0.113.1' }]);
    // An endpoint on red-c's address but bound (dev) to blue-c is blue-c's, as the monitor says.
    const odd = [endpoint(3, '198.51.100.1', ['subflow'], 5)];
    expect(plan('off', odd).actions).toEqual([{ kind: 'delete', id: 3, address: '198.51.100.1' }]);
    expect(plan('off', odd, { iface: RED }).actions).toEqual([]);
  });

  it('two usable addresses (IPv4 + global IPv6): one endpoint each; link-local is skipped', () => {
    expect(plan('on', [], { iface: BLUE2 }).actions).toEqual([
      { kind: 'add', address: '203.0.113.1', ifindex: 5, flags: ['subflow'] },
      { kind: 'add', address: '2001:db8:2::1', ifindex: 5, flags: ['subflow'] },
    ]);
    const p = plan('backup', [endpoint(1, '203.0.113.1', ['subflow'], 5)], { iface: BLUE2 });
    expect(p.actions).toEqual([
      { kind: 'setFlags', id: 1, backup: true, address: '203.0.113.1' },
      { kind: 'add', address: '2001:db8:2::1', ifindex: 5, flags: ['subflow', 'backup'] },
    ]);
    expect(p.addresses).toEqual(['203.0.113.1', '2001:db8:2::1']);
  });

  it('an existing endpoint on the link-local address follows the mode but none is added for it', () => {
    const eps = [endpoint(9, 'fe80::1', ['subflow'], 5)];
    const p = plan('backup', eps, { iface: BLUE2 });
    expect(p.actions.filter((a) => a.address === 'fe80::1')).toEqual([
      { kind: 'setFlags', id: 9, backup: true, address: 'fe80::1' },
    ]);
    expect(plan('off', eps, { iface: BLUE2 }).actions).toEqual([
      { kind: 'delete', id: 9, address: 'fe80::1' },
    ]);
  });

  it('no usable address (only link-local, or tentative): on/backup refuse, off still works', () => {
    const ll = link(5, 'blue-c', ['fe80::1']);
    const tentative: InterfaceWithAddresses = {
      ...link(5, 'blue-c', ['2001:db8:2::1']),
      addressDetails: link(5, 'blue-c', ['2001:db8:2::1']).addressDetails.map((a) => ({
        ...a,
        flagNames: ['tentative'],
      })),
    };
    for (const iface of [ll, tentative, link(5, 'blue-c', [])]) {
      for (const mode of ['on', 'backup'] as const) {
        const attempt = () => plan(mode, [], { iface });
        expect(attempt).toThrow(ControlError);
        expect(attempt).toThrow(/^blue-c has no address MPTCP can use/);
      }
      expect(
        plan('off', [endpoint(1, '203.0.113.1', ['subflow'], 5)], { iface }).actions,
      ).toHaveLength(1);
    }
    try {
      plan('on', [], { iface: ll });
    } catch (err) {
      expect((err as ControlError).code).toBe('bad-request');
    }
  });

  it('fullmesh and other flags survive: only backup changes', () => {
    const eps = [endpoint(1, '203.0.113.1', ['subflow', 'fullmesh'], 5)];
    expect(plan('backup', eps).actions).toEqual([
      { kind: 'setFlags', id: 1, backup: true, address: '203.0.113.1' },
    ]);
    const noSubflow = [endpoint(2, '203.0.113.1', ['fullmesh', 'backup'], 5)];
    expect(plan('on', noSubflow).actions[1]).toMatchObject({
      kind: 'add',
      flags: ['subflow', 'fullmesh'],
      id: 2,
    });
  });

  it('after the plan runs, the monitor derives the requested mode (every mode × state)', () => {
    const states: Record<string, PmEndpoint[]> = {
      none: [],
      subflow: [endpoint(1, '203.0.113.1', ['subflow'], 5)],
      backup: [endpoint(1, '203.0.113.1', ['subflow', 'backup'], 5)],
      signal: [endpoint(1, '203.0.113.1', ['signal'], 5)],
      implicit: [endpoint(1, '203.0.113.1', ['implicit'], 5)],
      unbound: [endpoint(1, '203.0.113.1', ['subflow', 'backup'])],
      other: [endpoint(1, '198.51.100.1', ['subflow'], 3)],
    };
    for (const [state, eps] of Object.entries(states)) {
      for (const role of ['client', 'server'] as const) {
        for (const mode of MODES) {
          for (const iface of [BLUE, BLUE2]) {
            const after = apply(eps, plan(mode, eps, { iface, role }).actions);
            const got = interfaceMode([LO(), RED, iface], after, 5);
            expect(`${state} ${role} ${mode} ${got}`).toBe(`${state} ${role} ${mode} ${mode}`);
            // Other interfaces' endpoints are never touched.
            expect(after.filter((e) => e.address === '198.51.100.1')).toEqual(
              eps.filter((e) => e.address === '198.51.100.1'),
            );
          }
        }
      }
    }
  });
});
