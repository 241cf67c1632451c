import { describe, expect, it } from 'vitest';
import {
  filterConnections,
  matchesFilter,
} from '../../../renderer/src/views/connections/filter-connections.js';
import {
  createStableOrder,
  DEFAULT_SORT,
  nextSort,
  sortConnections,
  addressSortKey,
  stickyRates,
} from '../../../renderer/src/views/connections/sort-connections.js';
import { BLUE, connection, RED, subflow, T0 } from './fixtures.js';

const tokens = (list: readonly { token: string }[]): string[] => list.map((c) => c.token);

const A = connection({
  token: '0000000a',
  local: { address: '198.51.100.1', port: 40010 },
  remote: { address: '198.51.100.2', port: 5201 },
  state: 'established',
  firstSeen: T0 - 5_000,
  subflows: [RED],
  txRate: 1_000_000,
  rxRate: 0,
});
const B = connection({
  token: '0000000b',
  local: { address: '203.0.113.1', port: 40020 },
  remote: { address: '203.0.113.2', port: 443 },
  state: 'syn-sent',
  firstSeen: T0 - 600_000,
  subflows: [RED, BLUE, subflow({ interface: 'green-c' })],
  txRate: 50_000,
  rxRate: 0,
});
const C = connection({
  token: '0000000c',
  local: { address: '2001:db8::1', port: 40030 },
  remote: { address: '2001:db8::2', port: 8080 },
  state: 'fin-wait1',
  firstSeen: T0 - 60_000,
  subflows: [BLUE, BLUE],
  txRate: 20_000_000,
  rxRate: 0,
});
const ALL = [A, B, C];

describe('sortConnections', () => {
  it('defaults to throughput, busiest first', () => {
    expect(tokens(sortConnections(ALL, DEFAULT_SORT))).toEqual([
      '0000000c',
      '0000000a',
      '0000000b',
    ]);
  });

  it.each([
    ['endpoints', 'asc', ['0000000a', '0000000b', '0000000c']],
    ['endpoints', 'desc', ['0000000c', '0000000b', '0000000a']],
    ['state', 'asc', ['0000000a', '0000000c', '0000000b']],
    ['age', 'desc', ['0000000b', '0000000c', '0000000a']],
    ['age', 'asc', ['0000000a', '0000000c', '0000000b']],
    ['subflows', 'desc', ['0000000b', '0000000c', '0000000a']],
    ['throughput', 'asc', ['0000000b', '0000000a', '0000000c']],
  ] as const)('sorts by %s %s', (key, direction, expected) => {
    expect(tokens(sortConnections(ALL, { key, direction }))).toEqual(expected);
  });

  it('keeps the previous order when rates tie', () => {
    const x = connection({ token: 'ffffffff', txRate: 1_000_000, rxRate: 0 });
    const y = connection({ token: '00000001', txRate: 1_000_000, rxRate: 0 });
    expect(tokens(sortConnections([y, x], DEFAULT_SORT, ['ffffffff', '00000001']))).toEqual([
      'ffffffff',
      '00000001',
    ]);
    // Without a previous order, equal rows go by token.
    expect(tokens(sortConnections([x, y], DEFAULT_SORT))).toEqual(['00000001', 'ffffffff']);
  });

  it('sticky rates ignore jitter under 10 % and follow real changes', () => {
    const c = connection({ token: 'aaaaaaaa', txRate: 1_000, rxRate: 0 });
    const before = new Map([['aaaaaaaa', 1_050]]);
    expect(stickyRates([c], before).get('aaaaaaaa')).toBe(1_050);
    expect(stickyRates([{ ...c, txRate: 2_000 }], before).get('aaaaaaaa')).toBe(2_000);
    expect(stickyRates([c], new Map()).get('aaaaaaaa')).toBe(1_000);
  });

  it('a stable order does not swap rows whose rates wobble, and does when they really differ', () => {
    const order = createStableOrder();
    const p = connection({ token: 'bbbbbbbb', txRate: 1_000_000, rxRate: 0 });
    const q = connection({ token: 'aaaaaaaa', txRate: 990_000, rxRate: 0 });
    expect(tokens(order.sort([p, q], DEFAULT_SORT))).toEqual(['bbbbbbbb', 'aaaaaaaa']);
    // Next ticks: the two trade places by a few percent; the table does not.
    const q2 = { ...q, txRate: 1_040_000 };
    const p2 = { ...p, txRate: 960_000 };
    expect(tokens(order.sort([q2, p2], DEFAULT_SORT))).toEqual(['bbbbbbbb', 'aaaaaaaa']);
    expect(tokens(order.sort([p, q2], DEFAULT_SORT))).toEqual(['bbbbbbbb', 'aaaaaaaa']);
    // q doubles: it moves up.
    const q3 = { ...q, txRate: 2_000_000 };
    expect(tokens(order.sort([p2, q3], DEFAULT_SORT))).toEqual(['aaaaaaaa', 'bbbbbbbb']);
  });

  it('orders addresses numerically, IPv4 before IPv6', () => {
    const keys = ['2001:db8::10', '198.51.100.20', '2001:db8::2', '198.51.100.3', '::1'];
    const sorted = [...keys].sort((a, b) => (addressSortKey(a) < addressSortKey(b) ? -1 : 1));
    expect(sorted).toEqual(['198.51.100.3', '198.51.100.20', '::1', '2001:db8::2', '2001:db8::10']);
  });

  it('clicking a header picks its natural direction, clicking again flips it', () => {
    expect(nextSort(DEFAULT_SORT, 'endpoints')).toEqual({ key: 'endpoints', direction: 'asc' });
    expect(nextSort(DEFAULT_SORT, 'age')).toEqual({ key: 'age', direction: 'desc' });
    expect(nextSort(DEFAULT_SORT, 'throughput')).toEqual({ key: 'throughput', direction: 'asc' });
  });
});

describe('filterConnections', () => {
  it.each([
    ['203.0.113.2', ['0000000b']],
    ['203.0.113', ['0000000b', '0000000c']],
    ['443', ['0000000b']],
    ['0000000c', ['0000000c']],
    ['2001:DB8', ['0000000c']],
    ['[2001:db8::2]:8080', ['0000000c']],
    ['green', ['0000000b']],
    ['blue-c', ['0000000b', '0000000c']],
    ['red-c 40010', ['0000000a']],
    ['  ', ['0000000a', '0000000b', '0000000c']],
    ['nothing-like-this', []],
  ])('"%s" keeps %j', (query, expected) => {
    expect(tokens(filterConnections(ALL, query))).toEqual(expected);
  });

  it('matches the interface of any subflow, not only the first', () => {
    expect(matchesFilter(B, 'green-c')).toBe(true);
  });
});
