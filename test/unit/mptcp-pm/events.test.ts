// Path-manager events captured from Linux 6.18 in the two-path lab (see
// test/fixtures/capture/mptcp-pm.ts), decoded values checked against the lab's known addresses,
// ports and ids; and event layouts the lab cannot produce, built by hand.
import { describe, expect, it } from 'vitest';
import { PM_EVENT_IDS, decodeEvent, decodeEventMessages } from '../../../native/mptcp-pm/index.js';
import type { PmKernelEvent } from '../../../native/mptcp-pm/index.js';
import {
  encodeAttr,
  encodeBe16,
  encodeU16,
  encodeU32,
  encodeU8,
} from '../../../native/netlink/attrs.js';
import { encodeGenl } from '../../../native/netlink/genl.js';
import type { NlMessage } from '../../../native/netlink/message.js';
import {
  FIXTURE_FAMILY_ID,
  capturedEvents,
  familyMessage as msgOf,
} from '../../fixtures/mptcp-pm/load.js';

const FAMILY_ID = FIXTURE_FAMILY_ID;

const captured = capturedEvents();
const of = (side: 'cli' | 'srv', type: string): PmKernelEvent[] =>
  captured.filter((c) => c.side === side && c.event.type === type).map((c) => c.event);

describe('captured events', () => {
  it('covers every event type the lab produces, and the file names match the decoded types', () => {
    for (const c of captured) expect(c.event.type).toBe(c.type);
    const types = new Set(captured.map((c) => c.event.type));
    expect([...types].sort()).toEqual(
      [
        'announced',
        'closed',
        'created',
        'established',
        'listener-closed',
        'listener-created',
        'removed',
        'sub-closed',
        'sub-established',
        'sub-priority',
      ].sort(),
    );
    for (const c of captured) expect(c.event.unknown).toEqual([]);
  });

  it('created / established on the client: IPv4 and IPv6, not server side', () => {
    const created = of('cli', 'created');
    expect(created).toHaveLength(4);
    expect(created[0]).toEqual({
      type: 'created',
      cmd: 1,
      token: created[0]?.token,
      family: 4,
      localId: 0,
      remoteId: 0,
      local: { address: '198.51.100.1', port: created[0]?.local?.port },
      remote: { address: '198.51.100.2', port: 5201 },
      serverSide: false,
      unknown: [],
    });
    expect(created[2]).toMatchObject({
      family: 6,
      local: { address: '2001:db8:1::1' },
      remote: { address: '2001:db8:1::2', port: 5202 },
      serverSide: false,
    });
    const established = of('cli', 'established');
    expect(established.map((e) => e.token)).toEqual(created.map((e) => e.token));
    expect(established.map((e) => e.local)).toEqual(created.map((e) => e.local));
  });

  it('created on the server: the FLAGS server-side bit and the deprecated attribute agree', () => {
    const created = of('srv', 'created');
    expect(created).toHaveLength(4);
    for (const e of created) {
      expect(e).toMatchObject({
        flags: 2,
        serverSide: true,
        denyJoinId0: false,
        localId: 0,
        remoteId: 0,
      });
    }
    expect(created[0]?.local).toEqual({ address: '198.51.100.2', port: 5201 });
    // The server's view of a connection mirrors the client's.
    expect(created.map((e) => e.remote)).toEqual(of('cli', 'created').map((e) => e.local));
  });

  it('announced and removed: the server signals 203.0.113.2 port 10100 as id 1, then withdraws it', () => {
    const tokens = of('cli', 'created')
      .slice(0, 2)
      .map((e) => e.token);
    expect(of('cli', 'announced')).toEqual(
      tokens.map((token) => ({
        type: 'announced',
        cmd: 6,
        token,
        remoteId: 1,
        remote: { address: '203.0.113.2', port: 10100 },
        unknown: [],
      })),
    );
    const removed = of('cli', 'removed');
    expect(new Set(removed.map((e) => e.token))).toEqual(new Set(tokens));
    for (const e of removed)
      expect(Object.keys(e).sort()).toEqual(['cmd', 'remoteId', 'token', 'type', 'unknown']);
    expect(removed.map((e) => e.remoteId)).toEqual([1, 1]);
  });

  it('sub-established on the client: both extra subflows leave from the blue endpoint (id 1)', () => {
    const subs = of('cli', 'sub-established');
    expect(subs).toHaveLength(4);
    for (const e of subs)
      expect(e).toMatchObject({
        family: 4,
        localId: 1,
        backup: false,
        local: { address: '203.0.113.1' },
      });
    // Towards the announced address and port…
    const toSignal = subs.filter((e) => e.remote?.port === 10100);
    expect(toSignal).toHaveLength(2);
    for (const e of toSignal) {
      expect(e).toMatchObject({ remoteId: 1, remote: { address: '203.0.113.2', port: 10100 } });
      expect(e.ifindex).toBeUndefined();
    }
    // …and towards the server's initial address, bound to blue-c (ifindex 3) by the endpoint.
    const toInitial = subs.filter((e) => e.remote?.port === 5201);
    expect(toInitial).toHaveLength(2);
    for (const e of toInitial) {
      expect(e).toMatchObject({
        remoteId: 0,
        remote: { address: '198.51.100.2', port: 5201 },
        ifindex: 3,
      });
    }
  });

  it('sub-priority on the server after the client switched its endpoint to backup', () => {
    const prio = of('srv', 'sub-priority');
    expect(prio).toHaveLength(2);
    for (const e of prio) {
      expect(e).toMatchObject({
        type: 'sub-priority',
        cmd: 13,
        family: 4,
        localId: 1,
        remoteId: 1,
        backup: true,
        local: { address: '203.0.113.2', port: 10100 },
        remote: { address: '203.0.113.1' },
      });
    }
    // One sub-priority per IPv4 connection (in whatever order the MP_PRIOs arrived).
    expect(new Set(prio.map((e) => e.token))).toEqual(
      new Set(
        of('srv', 'created')
          .slice(0, 2)
          .map((e) => e.token),
      ),
    );
  });

  it('sub-closed on both sides when the signal endpoint is deleted; closed carries only the token', () => {
    const srv = of('srv', 'sub-closed');
    expect(srv.map((e) => [e.backup, e.local?.port, e.error])).toEqual([
      [true, 10100, undefined],
      [true, 10100, undefined],
    ]);
    const cli = of('cli', 'sub-closed');
    expect(cli.map((e) => [e.remote?.port, e.localId, e.remoteId])).toEqual([
      [10100, 1, 1],
      [10100, 1, 1],
    ]);
    for (const e of of('cli', 'closed'))
      expect(Object.keys(e).sort()).toEqual(['cmd', 'token', 'type', 'unknown']);
    expect(new Set(of('cli', 'closed').map((e) => e.token))).toEqual(
      new Set(of('cli', 'created').map((e) => e.token)),
    );
  });

  it('listener events carry the listening address and port, no token', () => {
    expect(of('srv', 'listener-created').map((e) => [e.family, e.local])).toEqual([
      [4, { address: '198.51.100.2', port: 5201 }],
      [6, { address: '2001:db8:1::2', port: 5202 }],
    ]);
    // Deleting a signal endpoint with a port closes the listener the kernel had opened for it.
    expect(of('srv', 'listener-closed').map((e) => e.local)).toEqual([
      { address: '203.0.113.2', port: 10100 },
      { address: '198.51.100.2', port: 5201 },
      { address: '2001:db8:1::2', port: 5202 },
    ]);
    for (const e of [...of('srv', 'listener-created'), ...of('srv', 'listener-closed')]) {
      expect(e.token).toBeUndefined();
    }
  });
});

describe('events the lab cannot produce (built with the kernel attribute layout)', () => {
  const build = (cmd: number, attrs: Uint8Array[]): PmKernelEvent =>
    decodeEvent(msgOf(encodeGenl(cmd, 1, attrs)));

  it('an older kernel: server_side 0 as its own attribute, no FLAGS', () => {
    const ev = build(1, [encodeU32(1, 7), encodeU8(18, 0), encodeU16(2, 2)]);
    expect(ev).toMatchObject({ type: 'created', token: 7, serverSide: false, family: 4 });
    expect(ev.flags).toBeUndefined();
  });

  it('a reset subflow: error, reset reason and flags, timeout', () => {
    const ev = build(11, [
      encodeU32(1, 0xdeadbeef),
      encodeU8(12, 104),
      encodeU32(16, 6),
      encodeU32(17, 1),
      encodeU32(14, 120),
      encodeBe16(9, 443),
    ]);
    expect(ev).toEqual({
      type: 'sub-closed',
      cmd: 11,
      token: 0xdeadbeef,
      error: 104,
      resetReason: 6,
      resetFlags: 1,
      timeout: 120,
      unknown: [],
    });
  });

  it('deny-join-id0 flag, and a port without an address is not invented into a side', () => {
    const ev = build(2, [encodeU16(13, 1), encodeBe16(10, 80)]);
    expect(ev).toMatchObject({
      type: 'established',
      denyJoinId0: true,
      serverSide: false,
      flags: 1,
    });
    expect(ev.remote).toBeUndefined();
  });

  it('an unknown event type and unknown attributes are kept', () => {
    const ev = build(99, [encodeU32(1, 5), encodeAttr(77, Uint8Array.of(0xab, 0xcd))]);
    expect(ev).toEqual({
      type: 'unknown-99',
      cmd: 99,
      token: 5,
      unknown: [{ type: 77, hex: 'abcd' }],
    });
  });

  it('IPv6 address attributes win over IPv4 ones when the family says IPv6', () => {
    const v6 = new Uint8Array(16);
    v6[0] = 0x20;
    v6[1] = 0x01;
    v6[15] = 1;
    const ev = build(15, [
      encodeU16(2, 10),
      encodeAttr(5, Uint8Array.of(192, 0, 2, 1)),
      encodeAttr(6, v6),
    ]);
    expect(ev.local).toEqual({ address: '2001::1' });
  });

  it('skips messages of other types in a received batch', () => {
    const other: NlMessage = { type: 3, flags: 0, seq: 0, pid: 0, payload: new Uint8Array(4) };
    const ev = msgOf(encodeGenl(PM_EVENT_IDS.get('closed') ?? 0, 1, [encodeU32(1, 9)]));
    expect(decodeEventMessages([other, ev], FAMILY_ID)).toEqual([
      { type: 'closed', cmd: 3, token: 9, unknown: [] },
    ]);
  });
});
