import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../native/errors.js';
import { encodeMessage, parseMessages } from '../../../native/netlink/message.js';
import { RTM_DELADDR, decodeLinkOrAddressChanges } from '../../../native/rtnl/notifications.js';

// Captured from Linux 6.18 by test/fixtures/capture/rtnl-notifications.ts: blue-c of the lab's
// client goes down, loses its address, comes up, gets 203.0.113.1 and 2001:db8:2::1 (with DAD).
const dir = new URL('../../fixtures/rtnl/', import.meta.url);
const datagrams = readdirSync(dir)
  .filter((f) => f.startsWith('notify-'))
  .sort()
  .map((f) => new Uint8Array(readFileSync(new URL(f, dir))));

describe('rtnetlink link and address notifications', () => {
  it('decodes the kernel announcing blue-c going away and coming back, in order', () => {
    const changes = datagrams.flatMap((d) => decodeLinkOrAddressChanges(parseMessages(d)));
    const short = changes.map((c) =>
      c.kind === 'link'
        ? `link ${c.change} ${c.name}#${c.ifindex} ${c.up ? 'up' : 'down'}`
        : `addr ${c.change} #${c.ifindex} ${c.address} ${c.scope}${c.tentative ? ' tentative' : ''}`,
    );
    expect(short).toEqual([
      'link new blue-c#3 down',
      expect.stringMatching(/^addr removed #3 fe80::\S+ link tentative$/),
      'addr removed #3 203.0.113.1 global',
      'link new blue-c#3 down',
      'link new blue-c#3 up',
      'addr new #3 203.0.113.1 global',
      'addr new #3 2001:db8:2::1 global tentative',
      expect.stringMatching(/^addr new #3 fe80::\S+ link$/),
      'addr new #3 2001:db8:2::1 global',
    ]);
  });

  it('skips messages that are neither links nor addresses', () => {
    const done = parseMessages(encodeMessage(3, 0, 1, new Uint8Array(4)));
    expect(decodeLinkOrAddressChanges(done)).toEqual([]);
  });

  it('refuses a truncated address message with a DecodeError', () => {
    const cut = parseMessages(encodeMessage(RTM_DELADDR, 0, 1, new Uint8Array(5)));
    expect(() => decodeLinkOrAddressChanges(cut)).toThrow(DecodeError);
  });
});
