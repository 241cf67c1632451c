// The endpoint checks: an uplink without an endpoint (warning, or a note for the one path
// connections start on), an endpoint whose address is gone, one without subflow/signal, and a
// signal endpoint on a host without MPTCP listeners.
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../electron/doctor/run-checks.js';
import { LO, endpoint, link, mptcpSocket } from '../../fixtures/monitor/samples.js';
import { BLUE, RED, finding, ids, labInput, labRoutes, route } from './inputs.js';

describe('endpoint-missing', () => {
  it('warns for every uplink without an endpoint when none has one', () => {
    const findings = runChecks(labInput({ endpoints: [] }));
    const blue = finding(findings, 'endpoint-missing:blue-c');
    expect(blue.severity).toBe('warning');
    expect(blue.summary).toMatch(/silently off/);
    expect(blue.fix?.commands).toEqual([
      'ip -n lab-cli mptcp endpoint add 203.0.113.1 dev blue-c subflow',
    ]);
    expect(finding(findings, 'endpoint-missing:red-c').severity).toBe('warning');
  });

  it('adds signal too for a server', () => {
    const f = finding(
      runChecks(labInput({ endpoints: [] }, {}, { role: 'server' })),
      'endpoint-missing:blue-c',
    );
    expect(f.fix?.commands).toEqual([
      'ip -n lab-cli mptcp endpoint add 203.0.113.1 dev blue-c signal subflow',
    ]);
  });

  it('is a note for the only uplink without one (the path connections start on)', () => {
    const f = finding(runChecks(labInput()), 'endpoint-missing:red-c');
    expect(f.severity).toBe('info');
  });

  it('is a note for the interface of the main default route', () => {
    const routes = [...labRoutes(), route({ dst: null, oif: RED, gateway: '198.51.100.254' })];
    const findings = runChecks(labInput({ endpoints: [] }, { routes }));
    expect(finding(findings, 'endpoint-missing:red-c').severity).toBe('info');
    expect(finding(findings, 'endpoint-missing:blue-c').severity).toBe('warning');
  });

  it('needs two uplinks, and an interface without a route is no uplink', () => {
    const one = labInput({
      endpoints: [],
      interfaces: [LO(), link(RED, 'red-c', ['198.51.100.1'])],
    });
    expect(runChecks(one).some((f) => f.check === 'endpoint-missing')).toBe(false);
    const noRoute = labInput(
      { endpoints: [] },
      { routes: labRoutes().filter((r) => r.oif !== BLUE) },
    );
    expect(ids(runChecks(noRoute))).not.toContain('endpoint-missing:blue-c');
  });

  it('counts an implicit endpoint as none, and skips when endpoints could not be read', () => {
    const implicit = labInput({ endpoints: [endpoint(1, '203.0.113.1', ['implicit'], BLUE)] });
    expect(finding(runChecks(implicit), 'endpoint-missing:blue-c').severity).toBe('warning');
    const unread = labInput({ endpoints: [], problems: ['endpoints: EPERM'] });
    expect(runChecks(unread).some((f) => f.check === 'endpoint-missing')).toBe(false);
    expect(ids(runChecks(unread))).toContain('readable:endpoints');
  });
});

describe('endpoint-stale', () => {
  it('warns about an endpoint for an address no interface has, fixed by deleting it', () => {
    const endpoints = [
      endpoint(1, '203.0.113.1', ['subflow'], BLUE),
      endpoint(2, '192.0.2.77', ['subflow']),
    ];
    const f = finding(runChecks(labInput({ endpoints })), 'endpoint-stale:192.0.2.77');
    expect(f.severity).toBe('warning');
    expect(f.subject).toBe('192.0.2.77');
    expect(f.fix?.commands).toEqual(['ip -n lab-cli mptcp endpoint delete id 2']);
  });

  it('is quiet when every endpoint address exists', () => {
    expect(runChecks(labInput()).some((f) => f.check === 'endpoint-stale')).toBe(false);
  });
});

describe('endpoint-no-flags', () => {
  it('re-creates a backup-only endpoint with the same id, dev and subflow added', () => {
    const endpoints = [endpoint(4, '203.0.113.1', ['backup'], BLUE)];
    const f = finding(runChecks(labInput({ endpoints })), 'endpoint-no-flags:203.0.113.1');
    expect(f.severity).toBe('warning');
    expect(f.fix?.commands).toEqual([
      'ip -n lab-cli mptcp endpoint delete id 4',
      'ip -n lab-cli mptcp endpoint add 203.0.113.1 dev blue-c id 4 subflow backup',
    ]);
  });

  it('gives an endpoint with a port the signal flag (a port only makes sense announced)', () => {
    const ep = { ...endpoint(4, '203.0.113.1', [], BLUE), port: 8080 };
    const f = finding(
      runChecks(labInput({ endpoints: [ep] })),
      'endpoint-no-flags:203.0.113.1/8080',
    );
    expect(f.fix?.commands[1]).toBe(
      'ip -n lab-cli mptcp endpoint add 203.0.113.1 dev blue-c id 4 port 8080 signal',
    );
  });

  it('is quiet for subflow and signal endpoints', () => {
    const endpoints = [endpoint(1, '203.0.113.1', ['signal', 'subflow'], BLUE)];
    expect(runChecks(labInput({ endpoints })).some((f) => f.check === 'endpoint-no-flags')).toBe(
      false,
    );
  });
});

describe('signal-without-listener', () => {
  const signalOnly = [endpoint(1, '203.0.113.1', ['signal'], BLUE)];

  it('warns about a signal-only endpoint on a host without MPTCP listeners', () => {
    const f = finding(
      runChecks(labInput({ endpoints: signalOnly })),
      'signal-without-listener:203.0.113.1',
    );
    expect(f.severity).toBe('warning');
    expect(f.fix?.commands).toEqual([
      'ip -n lab-cli mptcp endpoint delete id 1',
      'ip -n lab-cli mptcp endpoint add 203.0.113.1 dev blue-c id 1 subflow',
    ]);
  });

  it('only notes signal next to subflow', () => {
    const endpoints = [endpoint(1, '203.0.113.1', ['signal', 'subflow', 'backup'], BLUE)];
    const f = finding(runChecks(labInput({ endpoints })), 'signal-without-listener:203.0.113.1');
    expect(f.severity).toBe('info');
    expect(f.fix?.commands[1]).toBe(
      'ip -n lab-cli mptcp endpoint add 203.0.113.1 dev blue-c id 1 subflow backup',
    );
  });

  it('is quiet with an MPTCP listener, or for a server', () => {
    const listener = mptcpSocket({ port: 5201, cookie: 'l1', inode: 3, state: 'listen' });
    const withListener = labInput({ endpoints: signalOnly, mptcpSockets: [listener] });
    expect(withListener.listeners).toHaveLength(1);
    expect(runChecks(withListener).some((f) => f.check === 'signal-without-listener')).toBe(false);
    const server = labInput({ endpoints: signalOnly }, {}, { role: 'server' });
    expect(runChecks(server).some((f) => f.check === 'signal-without-listener')).toBe(false);
  });
});
