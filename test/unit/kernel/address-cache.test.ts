import { describe, expect, it } from 'vitest';
import { ADDRESSES_MAX_AGE_MS, AddressCache } from '../../../native/kernel/address-cache.js';
import type { InterfaceAddress } from '../../../native/rtnl/address.js';

const address = (text: string): InterfaceAddress => ({
  ifindex: 2,
  family: 4,
  address: text,
  prefixLength: 24,
  scope: 'global',
  flags: 0x80,
  flagNames: ['permanent'],
  unknown: [],
});

/** A cache over a fake dump and a fake notification queue, with a hand-moved clock. */
function setup(listening = true) {
  let now = 1000;
  let queued = 0;
  let current = [address('192.0.2.1')];
  const cache = new AddressCache({
    dump: () => current,
    changed: listening
      ? () => {
          const any = queued > 0;
          queued = 0;
          return any;
        }
      : null,
    now: () => now,
  });
  return {
    cache,
    notify: () => queued++,
    set: (list: InterfaceAddress[]) => (current = list),
    advance: (ms: number) => (now += ms),
  };
}

describe('AddressCache', () => {
  it('dumps once, then not again between notifications', () => {
    const t = setup();
    expect(t.cache.read(false)).toEqual([address('192.0.2.1')]);
    for (let i = 0; i < 10; i++) {
      t.advance(1000);
      t.cache.read(false);
    }
    expect(t.cache.dumps).toBe(1);
  });

  it('re-dumps on the read after a notification, and only that one', () => {
    const t = setup();
    t.cache.read(false);
    t.set([address('192.0.2.1'), address('198.51.100.1')]);
    t.notify();
    expect(t.cache.read(false)).toHaveLength(2);
    t.cache.read(false);
    expect(t.cache.dumps).toBe(2);
  });

  it('re-dumps when a sample asks for fresh state', () => {
    const t = setup();
    t.cache.read(false);
    t.cache.read(true);
    expect(t.cache.dumps).toBe(2);
  });

  it('re-dumps once the last dump is ADDRESSES_MAX_AGE_MS old, notification or not', () => {
    const t = setup();
    t.cache.read(false);
    t.advance(ADDRESSES_MAX_AGE_MS - 1);
    t.cache.read(false);
    expect(t.cache.dumps).toBe(1);
    t.advance(1);
    t.cache.read(false);
    expect(t.cache.dumps).toBe(2);
  });

  it('dumps on every read when notifications cannot be listened to', () => {
    const t = setup(false);
    t.cache.read(false);
    t.cache.read(false);
    t.cache.read(false);
    expect(t.cache.dumps).toBe(3);
  });
});
