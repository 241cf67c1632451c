// The I/O wrappers over a fake socket that replays captured replies and records requests: what
// each call sends, how it reads the reply, and how kernel errors become typed errors.
import { describe, expect, it } from 'vitest';
import { MptcpUnavailableError, NetlinkError, PermissionError } from '../../../native/errors.js';
import {
  addEndpoint,
  deleteEndpoint,
  flushEndpoints,
  getEndpoint,
  getLimits,
  listEndpoints,
  resolvePathManager,
  setEndpointFlags,
  setLimits,
  subscribeEvents,
} from '../../../native/mptcp-pm/index.js';
import type { PathManagerFamily } from '../../../native/mptcp-pm/index.js';
import { decodeFamily } from '../../../native/netlink/genl.js';
import type { NlMessage } from '../../../native/netlink/message.js';
import type { NetlinkSocket } from '../../../native/netlink/socket.js';
import {
  fixtureMessage,
  fixtureMessages,
  FIXTURE_FAMILY_ID,
} from '../../fixtures/mptcp-pm/load.js';

interface Sent {
  operation: string;
  type: number;
  payload: string;
  dump: boolean;
}

/** A stand-in for NetlinkSocket: `reply` decides what each request gets back. */
function fakeSocket(reply: (cmd: number, dump: boolean) => NlMessage[] | Error): {
  sock: NetlinkSocket;
  sent: Sent[];
  groups: number[];
} {
  const sent: Sent[] = [];
  const groups: number[] = [];
  const fake = {
    request(operation: string, type: number, payload: Uint8Array, dump: boolean): NlMessage[] {
      sent.push({ operation, type, payload: Buffer.from(payload).toString('hex'), dump });
      const r = reply(payload[0] ?? 0, dump);
      if (r instanceof Error) throw r;
      return r;
    },
    addMembership(group: number, operation: string): void {
      if (group < 0) throw new PermissionError(operation);
      groups.push(group);
    },
  };
  return { sock: fake as unknown as NetlinkSocket, sent, groups };
}

const PM: PathManagerFamily = { familyId: 28, version: 1, eventsGroup: 9, commandsGroup: 8 };
const dump = (): NlMessage[] => fixtureMessages('cli-get-addr-dump.bin');

describe('resolvePathManager', () => {
  it('reads id, version and both groups from the controller reply', () => {
    const family = decodeFamily(fixtureMessage('ctrl-family.bin'));
    expect(family.name).toBe('mptcp_pm');
    expect(family.id).toBe(FIXTURE_FAMILY_ID);
    const { sock, sent } = fakeSocket(() => [fixtureMessage('ctrl-family.bin')]);
    expect(resolvePathManager(sock)).toEqual({
      familyId: family.id,
      version: 1,
      eventsGroup: 9,
      commandsGroup: 8,
    });
    expect(sent[0]?.type).toBe(0x10);
  });

  it('ENOENT from the controller means no MPTCP in this kernel', () => {
    const { sock } = fakeSocket(() => new NetlinkError('resolve', 2, undefined));
    expect(() => resolvePathManager(sock)).toThrow(MptcpUnavailableError);
    expect(() => resolvePathManager(sock)).toThrow(/CONFIG_MPTCP/);
  });

  it('other errors pass through unchanged', () => {
    const { sock } = fakeSocket(() => new NetlinkError('resolve', 105, undefined));
    expect(() => resolvePathManager(sock)).toThrow(NetlinkError);
  });
});

describe('endpoint and limit calls', () => {
  it('listEndpoints dumps GET_ADDR on the family id', () => {
    const { sock, sent } = fakeSocket(() => dump());
    expect(listEndpoints(sock, PM).map((e) => e.id)).toEqual([1, 2]);
    expect(sent).toEqual([
      { operation: 'list MPTCP endpoints', type: 28, payload: '03010000', dump: true },
    ]);
  });

  it('getEndpoint and getLimits decode the single reply', () => {
    const { sock } = fakeSocket((cmd) =>
      cmd === 6
        ? [fixtureMessage('cli-get-limits.bin')]
        : [fixtureMessage('srv-get-addr-signal-port.bin')],
    );
    expect(getEndpoint(sock, PM, 1).port).toBe(10100);
    expect(getLimits(sock, PM)).toEqual({ subflows: 2, addAddrAccepted: 2 });
  });

  it('addEndpoint returns the endpoint the kernel lists afterwards', () => {
    const { sock, sent } = fakeSocket((cmd) => (cmd === 1 ? [] : dump()));
    const ep = addEndpoint(sock, PM, { address: '2001:db8:2:0::1', flags: ['subflow', 'backup'] });
    expect(ep?.id).toBe(2);
    expect(sent.map((s) => [s.payload.slice(0, 2), s.dump])).toEqual([
      ['01', false],
      ['03', true],
    ]);
    expect(addEndpoint(sock, PM, { address: '192.0.2.9', flags: [] })).toBeNull();
  });

  it('setEndpointFlags keeps the flag it was not asked to change', () => {
    const { sock, sent } = fakeSocket((cmd) => (cmd === 3 ? dump().slice(1) : []));
    setEndpointFlags(sock, PM, 2, { backup: false });
    // Read endpoint 2 (subflow,backup), then SET_FLAGS id 2 with backup off, fullmesh kept off.
    expect(sent.map((s) => s.payload)).toEqual([
      '03010000' + '0c000180' + '05000200' + '02000000',
      '07010000' + '14000180' + '05000200' + '02000000' + '08000600' + '00000000',
    ]);
  });

  it('setEndpointFlags by address finds the endpoint in the dump', () => {
    const { sock, sent } = fakeSocket((cmd) => (cmd === 3 ? dump() : []));
    setEndpointFlags(sock, PM, { address: '203.0.113.1' }, { fullmesh: true });
    expect(sent[1]?.payload.endsWith('08000600' + '0a000000')).toBe(false); // backup was off
    expect(sent[1]?.payload.endsWith('08000600' + '08000000')).toBe(true);
    expect(() => {
      setEndpointFlags(sock, PM, { address: '192.0.2.1' }, { backup: true });
    }).toThrow(NetlinkError);
  });

  it('setEndpointFlags with both flags given sends one request', () => {
    const { sock, sent } = fakeSocket(() => []);
    setEndpointFlags(sock, PM, 1, { backup: true, fullmesh: false });
    expect(sent).toHaveLength(1);
  });

  it('delete, flush and set-limits send one request each', () => {
    const { sock, sent } = fakeSocket(() => []);
    deleteEndpoint(sock, PM, 3);
    flushEndpoints(sock, PM);
    setLimits(sock, PM, { addAddrAccepted: 4 });
    expect(sent.map((s) => s.payload)).toEqual([
      '02010000' + '0c000180' + '05000200' + '03000000',
      '04010000',
      '05010000' + '08000200' + '04000000',
    ]);
  });

  it('subscribeEvents joins the events group; a refusal is a PermissionError', () => {
    const { sock, groups } = fakeSocket(() => []);
    subscribeEvents(sock, PM);
    expect(groups).toEqual([9]);
    expect(() => {
      subscribeEvents(sock, { ...PM, eventsGroup: -1 });
    }).toThrow(/CAP_NET_ADMIN/);
  });
});
