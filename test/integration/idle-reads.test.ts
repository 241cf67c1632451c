// Real kernel, as root, in a throwaway namespace (sfidNNN-reads, a veth pair): what an
// idle tick no longer reads, and that a change still shows up in the very next sample.
// - addresses are dumped only after an rtnetlink notification (or when asked fresh);
// - a listener thread's wait ends on its socket's data or on the main thread's wake-up, never on
//   a periodic timeout.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KernelContext } from '../../native/kernel/kernel-context.js';
import { takeSample } from '../../native/kernel/sample.js';
import type { RawSample } from '../../native/kernel/sample.js';
import { withNetns } from '../../native/netns.js';
import { NETLINK_ROUTE, NetlinkSocket } from '../../native/netlink/socket.js';
import { Wake, waitReadable } from '../../native/netlink/wake.js';
import { RTNLGRP_LINK } from '../../native/rtnl/notifications.js';

const ns = `sfid${process.pid % 1000}-reads`;
const ip = (...args: string[]): void => {
  execFileSync('ip', ['-n', ns, ...args]);
};
const addressesOf = (sample: RawSample, name: string): readonly string[] =>
  sample.interfaces.find((i) => i.name === name)?.addresses ?? [];

beforeAll(() => {
  // A namespace left by an interrupted run.
  try {
    execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  } catch {
    // none
  }
}, 10_000);

describe('an idle sample', () => {
  let ctx: KernelContext | null = null;
  beforeAll(() => {
    execFileSync('ip', ['netns', 'add', ns]);
    ip('link', 'add', 'sfd0', 'type', 'veth', 'peer', 'name', 'sfd0p');
    ip('link', 'set', 'sfd0', 'up');
    ip('address', 'add', '192.0.2.10/24', 'dev', 'sfd0');
    ctx = withNetns(ns, () => new KernelContext(ns));
  });
  afterAll(() => {
    ctx?.close();
    execFileSync('ip', ['netns', 'del', ns]);
  });
  const sample = (fresh = false): RawSample => withNetns(ns, () => takeSample(ctxOf(), fresh));
  const ctxOf = (): KernelContext => {
    if (!ctx) throw new Error('no context');
    return ctx;
  };

  it('re-dumps addresses only after a notification, and shows the change at once', () => {
    expect(addressesOf(sample(), 'sfd0')).toEqual(['192.0.2.10']);
    sample();
    sample();
    expect(ctxOf().addressDumps).toBe(1);

    ip('address', 'add', '198.51.100.10/24', 'dev', 'sfd0');
    expect(addressesOf(sample(), 'sfd0')).toEqual(['192.0.2.10', '198.51.100.10']);
    expect(ctxOf().addressDumps).toBe(2);
    sample();
    expect(ctxOf().addressDumps).toBe(2);

    ip('address', 'del', '192.0.2.10/24', 'dev', 'sfd0');
    expect(addressesOf(sample(), 'sfd0')).toEqual(['198.51.100.10']);
  });

  it('re-dumps addresses when the sample asks for fresh state', () => {
    const before = ctxOf().addressDumps;
    sample(true);
    expect(ctxOf().addressDumps).toBe(before + 1);
  });

  it('sees an interface appear and disappear in the next sample', () => {
    ip('link', 'add', 'sfd1', 'type', 'veth', 'peer', 'name', 'sfd1p');
    ip('address', 'add', '203.0.113.10/24', 'dev', 'sfd1');
    expect(addressesOf(sample(), 'sfd1')).toEqual(['203.0.113.10']);
    ip('link', 'del', 'sfd1');
    expect(sample().interfaces.some((i) => i.name === 'sfd1')).toBe(false);
  });
});

describe('a listener thread wait', () => {
  it('ends on data, on a wake-up, and otherwise only at its timeout', () => {
    execFileSync('ip', ['netns', 'add', ns]);
    const wake = Wake.open();
    const sock = withNetns(ns, () => NetlinkSocket.open(NETLINK_ROUTE, { timeoutMs: 1000 }));
    try {
      sock.addMembership(RTNLGRP_LINK, 'test');
      expect(waitReadable(sock.fd, wake.fd, 0)).toBe('timeout');
      ip('link', 'add', 'sfd2', 'type', 'veth', 'peer', 'name', 'sfd2p');
      // No limit: a broken wait would hang here and fail the test by its timeout.
      expect(waitReadable(sock.fd, wake.fd, -1)).toBe('readable');
      wake.wake();
      expect(waitReadable(sock.fd, wake.fd, -1)).toBe('woken');
    } finally {
      sock.close();
      wake.close();
      execFileSync('ip', ['netns', 'del', ns]);
    }
  });
});
