// The limits checks: subflows 0 or below what the endpoints could use, and add_addr_accepted 0
// on a host whose peers announce addresses (a warning) or with no sign of it (a note).
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../electron/doctor/run-checks.js';
import { endpoint, subflow } from '../../fixtures/monitor/samples.js';
import { finding, ids, labInput } from './inputs.js';

describe('limits-subflows', () => {
  it('is an error at 0, raised to 2 without touching add_addr_accepted', () => {
    const f = finding(
      runChecks(labInput({ limits: { subflows: 0, addAddrAccepted: 3 } })),
      'limits-subflows:limits',
    );
    expect(f.severity).toBe('error');
    expect(f.fix?.commands).toEqual(['ip -n lab-cli mptcp limits set subflows 2']);
    expect(f.fix?.description).toMatch(/from 0 to 2 \(add_addr_accepted stays 3\)/);
  });

  it('warns when fewer than the endpoints that could add a subflow, and raises it to their count', () => {
    const endpoints = [
      endpoint(1, '203.0.113.1', ['subflow'], 5),
      endpoint(2, '198.51.100.1', ['subflow'], 3),
      endpoint(3, '2001:db8:2::1', ['subflow'], 5),
    ];
    const input = labInput({ endpoints, limits: { subflows: 2, addAddrAccepted: 2 } });
    const f = finding(runChecks(input), 'limits-subflows:limits');
    expect(f.severity).toBe('warning');
    expect(f.summary).toMatch(/limit is 2 but 3 endpoints/);
    expect(f.fix?.commands).toEqual(['ip -n lab-cli mptcp limits set subflows 3']);
  });

  it('is quiet when the limit covers the endpoints', () => {
    expect(ids(runChecks(labInput({ limits: { subflows: 1, addAddrAccepted: 2 } })))).not.toContain(
      'limits-subflows:limits',
    );
  });
});

describe('add-addr-accepted', () => {
  const zero = { limits: { subflows: 2, addAddrAccepted: 0 } };

  it('is a note when nothing shows that peers announce addresses', () => {
    const f = finding(runChecks(labInput(zero)), 'add-addr-accepted:limits');
    expect(f.severity).toBe('info');
    expect(f.fix?.commands).toEqual(['ip -n lab-cli mptcp limits set add_addr_accepted 2']);
  });

  it('is a warning when ADD_ADDRs were received (MPTcpExt AddAddr)', () => {
    const f = finding(
      runChecks(labInput({ ...zero, counters: { AddAddr: 4, AddAddrDrop: 0 } })),
      'add-addr-accepted:limits',
    );
    expect(f.severity).toBe('warning');
    expect(f.summary).toMatch(/4 ADD_ADDRs received/);
  });

  it('is a warning when an outgoing connection has a subflow to an announced address', () => {
    const join = subflow({ address: '203.0.113.1', port: 40001, cookie: 'b2', inode: 7, token: 1 });
    const joined = { ...join, mptcp: join.mptcp && { ...join.mptcp, remoteId: 2 } };
    const initial = subflow({
      ...{ address: '198.51.100.1', port: 40000, cookie: 'b1', inode: 7, token: 1 },
      initial: true,
    });
    const f = finding(
      runChecks(labInput({ ...zero, subflows: [initial, joined] })),
      'add-addr-accepted:limits',
    );
    expect(f.severity).toBe('warning');
  });

  it('is quiet when accepted, and on a server', () => {
    expect(runChecks(labInput()).some((f) => f.check === 'add-addr-accepted')).toBe(false);
    expect(
      runChecks(labInput(zero, {}, { role: 'server' })).some(
        (f) => f.check === 'add-addr-accepted',
      ),
    ).toBe(false);
  });
});
