// fromKernelEvent on the path-manager events captured from Linux 6.18 (test/fixtures/mptcp-pm),
// and on hand-made ones; the monitor and resync notices.
import { describe, expect, it } from 'vitest';
import {
  fromKernelEvent,
  interfaceLookups,
  monitorEvent,
  resyncEvent,
} from '../../../electron/monitor/kernel-events.js';
import type { PmKernelEvent } from '../../../native/mptcp-pm/events.js';
import { capturedEvents } from '../../fixtures/mptcp-pm/load.js';

const captured = capturedEvents();

describe('fromKernelEvent', () => {
  it('maps every captured event: kernel source, hex token, ports, ids, backup', () => {
    for (const { event } of captured) {
      const e = fromKernelEvent(event, 42, new Map());
      expect(e.source).toBe('kernel');
      expect(e.type).toBe(event.type);
      expect(e.time).toBe(42);
      if (event.token !== undefined) {
        expect(e.token).toMatch(/^[0-9a-f]{8}$/);
        expect(parseInt(e.token!, 16)).toBe(event.token);
      }
      if (event.local)
        expect(e.local).toEqual({ address: event.local.address, port: event.local.port ?? 0 });
      expect(e.localId).toBe(event.localId);
      expect(e.remoteId).toBe(event.remoteId);
      expect(e.backup).toBe(event.backup);
    }
  });

  it('names the interface from the ifindex, else from the local address', () => {
    // The kernel sends the ifindex only for a subflow bound to a device (endpoint `dev`).
    const sub = captured.find((c) => c.event.type === 'sub-established' && c.event.ifindex)!.event;
    expect(sub.local?.address).toBe('203.0.113.1');
    const names = new Map([[sub.ifindex!, 'blue-c']]);
    expect(fromKernelEvent(sub, 1, names).interface).toBe('blue-c');
    const created = captured.find((c) => c.side === 'cli' && c.event.type === 'created')!.event;
    expect(created.ifindex).toBeUndefined();
    expect(fromKernelEvent(created, 1, names)).not.toHaveProperty('interface');
    const owners = new Map([[created.local!.address, 'red-c']]);
    expect(fromKernelEvent(created, 1, names, owners).interface).toBe('red-c');
  });

  it('sub-priority carries the new backup state; error only when non-zero; unknown types pass', () => {
    const prio = captured.find((c) => c.event.type === 'sub-priority')!.event;
    expect(fromKernelEvent(prio, 1, new Map()).backup).toBe(prio.backup);
    const made: PmKernelEvent = {
      type: 'unknown-99',
      cmd: 99,
      token: 0xab,
      remote: { address: '192.0.2.7' },
      error: 0,
      unknown: [],
    };
    expect(fromKernelEvent(made, 5, new Map())).toEqual({
      time: 5,
      type: 'unknown-99',
      source: 'kernel',
      token: '000000ab',
      remote: { address: '192.0.2.7', port: 0 },
    });
    expect(fromKernelEvent({ ...made, type: 'sub-closed', error: 104 }, 5, new Map()).error).toBe(
      104,
    );
  });
});

describe('interfaceLookups', () => {
  it('maps ifindex → name and address → name, leaving out addresses on several interfaces', () => {
    const base = {
      up: true,
      rxBytes: 0,
      txBytes: 0,
      rxRate: 0,
      txRate: 0,
      multipath: 'off' as const,
    };
    const l = interfaceLookups([
      { ...base, name: 'red-c', ifindex: 3, addresses: ['198.51.100.1', 'fe80::1'] },
      { ...base, name: 'blue-c', ifindex: 5, addresses: ['203.0.113.1', 'fe80::1'] },
    ]);
    expect([...l.names]).toEqual([
      [3, 'red-c'],
      [5, 'blue-c'],
    ]);
    expect([...l.addressOwners]).toEqual([
      ['198.51.100.1', 'red-c'],
      ['203.0.113.1', 'blue-c'],
    ]);
  });
});

describe('notices', () => {
  it('monitor and resync events carry their message', () => {
    expect(monitorEvent(7, 'namespace sfg-x is gone')).toEqual({
      time: 7,
      type: 'monitor',
      source: 'inferred',
      message: 'namespace sfg-x is gone',
    });
    expect(resyncEvent(8, 'kernel dropped events')).toEqual({
      time: 8,
      type: 'resync',
      source: 'kernel',
      message: 'kernel dropped events',
    });
  });
});
