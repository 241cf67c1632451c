// Unit tests of the `ip mptcp endpoint|limits|monitor` parsers against text captured from Linux 6.18
// with iproute2 6.1 in two network namespaces, plus the formats of newer iproute2 and bad input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../native/text/errors.js';
import {
  isPmEventType,
  monitorEventType,
  parseIpMptcpEndpoints,
  parseIpMptcpLimits,
  parseIpMptcpMonitor,
  parseIpMptcpMonitorLine,
  PM_EVENT_TYPES,
} from '../../../native/text/ip-mptcp-parser.js';
import type {
  IpMptcpEventAddress,
  IpMptcpMonitorEvent,
} from '../../../native/text/ip-mptcp-parser.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/text/${name}`, import.meta.url), 'utf8');

function thrown(run: () => unknown): ParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}

describe('parseIpMptcpEndpoints', () => {
  it('parses subflow endpoints (v4 and v6) on the client', () => {
    expect(parseIpMptcpEndpoints(fixture('ip-mptcp-endpoint-show.txt'))).toEqual([
      {
        id: 1,
        address: '203.0.113.1',
        interface: 'blue-c',
        flags: ['subflow'],
        unknown: [],
        line: 1,
      },
      {
        id: 2,
        address: '2001:db8:2::1',
        interface: 'blue-c',
        flags: ['subflow'],
        unknown: [],
        line: 2,
      },
    ]);
  });

  it('parses an endpoint switched to backup', () => {
    expect(parseIpMptcpEndpoints(fixture('ip-mptcp-endpoint-show-backup.txt'))).toEqual([
      {
        id: 1,
        address: '203.0.113.1',
        interface: 'blue-c',
        flags: ['subflow', 'backup'],
        unknown: [],
        line: 1,
      },
      {
        id: 2,
        address: '2001:db8:2::1',
        interface: 'blue-c',
        flags: ['subflow'],
        unknown: [],
        line: 2,
      },
    ]);
  });

  it('parses fullmesh and backup flags', () => {
    expect(parseIpMptcpEndpoints(fixture('ip-mptcp-endpoint-show-fullmesh.txt'))).toEqual([
      {
        id: 1,
        address: '203.0.113.1',
        interface: 'blue-c',
        flags: ['subflow'],
        unknown: [],
        line: 1,
      },
      {
        id: 2,
        address: '2001:db8:2::1',
        interface: 'blue-c',
        flags: ['subflow'],
        unknown: [],
        line: 2,
      },
      {
        id: 3,
        address: '198.51.100.1',
        interface: 'red-c',
        flags: ['subflow', 'backup', 'fullmesh'],
        unknown: [],
        line: 3,
      },
    ]);
  });

  it('parses signal endpoints with a port and an explicit id', () => {
    expect(parseIpMptcpEndpoints(fixture('ip-mptcp-endpoint-show-signal-port.txt'))).toEqual([
      {
        id: 1,
        address: '203.0.113.2',
        interface: 'blue-s',
        flags: ['signal'],
        unknown: [],
        line: 1,
      },
      {
        id: 7,
        address: '2001:db8:2::2',
        port: 5555,
        interface: 'blue-s',
        flags: ['signal'],
        unknown: [],
        line: 2,
      },
    ]);
    expect(parseIpMptcpEndpoints(fixture('ip-mptcp-endpoint-show-signal-backup.txt'))).toEqual([
      {
        id: 1,
        address: '203.0.113.2',
        interface: 'blue-s',
        flags: ['signal', 'backup'],
        unknown: [],
        line: 1,
      },
    ]);
  });

  it('returns no endpoints for empty output', () => {
    expect(fixture('ip-mptcp-endpoint-show-empty.txt')).toBe('');
    expect(parseIpMptcpEndpoints(fixture('ip-mptcp-endpoint-show-empty.txt'))).toEqual([]);
  });

  it('keeps implicit, laminar, rawflags and words it does not know', () => {
    const text =
      '198.51.100.1 id 4 implicit laminar rawflags 40 shiny dev red-c \n198.51.100.9 id 5 \n';
    expect(parseIpMptcpEndpoints(text)).toEqual([
      {
        id: 4,
        address: '198.51.100.1',
        interface: 'red-c',
        flags: ['implicit', 'laminar'],
        rawFlags: 0x40,
        unknown: ['shiny'],
        line: 1,
      },
      { id: 5, address: '198.51.100.9', flags: [], unknown: [], line: 2 },
    ]);
  });

  it.each([
    ['id 1 subflow', /expected an IP address first, got "id"/],
    ['203.0.113.1 subflow dev blue-c', /no "id N"/],
    ['203.0.113.1 id', /"id" without a value/],
    ['203.0.113.1 id 300 subflow', /id: expected 0–255, got "300"/],
    ['203.0.113.1 port x id 1', /port: expected a port, got "x"/],
    ['203.0.113.1 id 1 rawflags zz', /rawflags: expected hex/],
    ['203.0.113.1 id 1 dev', /"dev" without a value/],
  ])('rejects %j', (text, detail) => {
    const error = thrown(() => parseIpMptcpEndpoints(`203.0.113.9 id 9 signal\n${text}\n`));
    expect(error).toMatchObject({ source: 'ip mptcp endpoint show', line: 2 });
    expect(error.detail).toMatch(detail);
  });
});

describe('parseIpMptcpLimits', () => {
  it('parses the limits set in the lab and the defaults of a new namespace', () => {
    expect(parseIpMptcpLimits(fixture('ip-mptcp-limits-show.txt'))).toEqual({
      subflows: 2,
      addAddrAccepted: 2,
      extra: {},
    });
    expect(parseIpMptcpLimits(fixture('ip-mptcp-limits-show-default.txt'))).toEqual({
      subflows: 2,
      addAddrAccepted: 0,
      extra: {},
    });
  });

  it('keeps other pairs', () => {
    expect(parseIpMptcpLimits('add_addr_accepted 8 subflows 8 endpoints 3\n')).toEqual({
      subflows: 8,
      addAddrAccepted: 8,
      extra: { endpoints: '3' },
    });
  });

  it.each([
    ['', 0, /empty output/],
    ['subflows 2', 1, /expected both/],
    ['add_addr_accepted 2 subflows', 1, /"name value" pairs/],
    ['add_addr_accepted two subflows 2', 1, /add_addr_accepted: expected a count, got "two"/],
    ['add_addr_accepted 2 subflows 2\nsubflows 3', 2, /expected one line/],
  ])('rejects %j', (text, line, detail) => {
    const error = thrown(() => parseIpMptcpLimits(text));
    expect(error.line).toBe(line);
    expect(error.detail).toMatch(detail);
  });
});

const at = (a?: IpMptcpEventAddress): string =>
  a === undefined
    ? '-'
    : `${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port ?? '-'}`;

/** One line per event with every field the fixtures exercise, so each fixture is checked exactly. */
function summary(e: IpMptcpMonitorEvent): string {
  const options = [
    e.backup === undefined ? '' : ` backup=${e.backup}`,
    e.error === undefined ? '' : ` error=${e.error}`,
    e.flags === undefined ? '' : ` flags=${e.flags}`,
    e.ifindex === undefined ? '' : ` ifindex=${e.ifindex}`,
  ].join('');
  return `${e.line} ${e.type} tok=${e.token ?? '-'} ids=${e.remoteId ?? '-'}/${e.localId ?? '-'} ${at(e.local)} ${at(e.remote)}${options}`;
}

const EXPECTED: Record<string, string[]> = {
  'ip-mptcp-monitor-loopback-short-timestamps.txt': [
    '1 listener-created tok=- ids=-/- - -',
    '2 created tok=ecfba958 ids=0/0 127.0.0.1:32880 127.0.0.1:5201',
    '3 created tok=1b0233fc ids=0/0 127.0.0.1:5201 127.0.0.1:32880 flags=2',
    '4 established tok=1b0233fc ids=0/0 127.0.0.1:5201 127.0.0.1:32880 flags=2',
    '5 established tok=ecfba958 ids=0/0 127.0.0.1:32880 127.0.0.1:5201',
    '6 created tok=f8842e71 ids=0/0 127.0.0.1:32886 127.0.0.1:5201',
    '7 created tok=4ea01e74 ids=0/0 127.0.0.1:5201 127.0.0.1:32886 flags=2',
    '8 established tok=4ea01e74 ids=0/0 127.0.0.1:5201 127.0.0.1:32886 flags=2',
    '9 established tok=f8842e71 ids=0/0 127.0.0.1:32886 127.0.0.1:5201',
    '10 closed tok=4ea01e74 ids=-/- - -',
    '11 closed tok=ecfba958 ids=-/- - -',
    '12 closed tok=1b0233fc ids=-/- - -',
    '13 listener-closed tok=- ids=-/- - -',
  ],
  'ip-mptcp-monitor-v4-client-timestamps.txt': [
    '2 created tok=fb101849 ids=0/0 198.51.100.1:42204 198.51.100.2:5201',
    '4 established tok=fb101849 ids=0/0 198.51.100.1:42204 198.51.100.2:5201',
    '6 announced tok=fb101849 ids=1/- - 203.0.113.2:5201',
    '8 sub-established tok=fb101849 ids=0/1 203.0.113.1:44947 198.51.100.2:5201 backup=false ifindex=3',
    '10 sub-closed tok=fb101849 ids=1/1 203.0.113.1:36293 203.0.113.2:5201 backup=false error=111 ifindex=3',
    '12 created tok=9486e027 ids=0/0 198.51.100.1:42214 198.51.100.2:5201',
    '14 established tok=9486e027 ids=0/0 198.51.100.1:42214 198.51.100.2:5201',
    '16 announced tok=9486e027 ids=1/- - 203.0.113.2:5201',
    '18 sub-established tok=9486e027 ids=0/1 203.0.113.1:37361 198.51.100.2:5201 backup=false ifindex=3',
    '20 sub-closed tok=9486e027 ids=1/1 203.0.113.1:46483 203.0.113.2:5201 backup=false error=111 ifindex=3',
    '22 removed tok=9486e027 ids=1/- - -',
    '24 removed tok=fb101849 ids=1/- - -',
    '26 closed tok=9486e027 ids=-/- - -',
    '28 closed tok=fb101849 ids=-/- - -',
    '30 closed tok=f4d55b50 ids=-/- - -',
    '32 closed tok=6ae1127a ids=-/- - -',
  ],
  'ip-mptcp-monitor-v4-client.txt': [
    '1 created tok=12d188cf ids=0/0 198.51.100.1:60046 198.51.100.2:5201',
    '2 established tok=12d188cf ids=0/0 198.51.100.1:60046 198.51.100.2:5201',
    '3 sub-established tok=12d188cf ids=0/1 203.0.113.1:33691 198.51.100.2:5201 backup=false ifindex=3',
    '4 created tok=1eba8c20 ids=0/0 198.51.100.1:60060 198.51.100.2:5201',
    '5 established tok=1eba8c20 ids=0/0 198.51.100.1:60060 198.51.100.2:5201',
    '6 sub-established tok=1eba8c20 ids=0/1 203.0.113.1:59739 198.51.100.2:5201 backup=false ifindex=3',
    '7 closed tok=1eba8c20 ids=-/- - -',
    '8 closed tok=12d188cf ids=-/- - -',
    '9 created tok=c8b38d09 ids=0/0 198.51.100.1:49552 198.51.100.2:5201',
    '10 established tok=c8b38d09 ids=0/0 198.51.100.1:49552 198.51.100.2:5201',
    '11 sub-established tok=c8b38d09 ids=0/1 203.0.113.1:60621 198.51.100.2:5201 backup=false ifindex=3',
    '12 created tok=337b0026 ids=0/0 198.51.100.1:49562 198.51.100.2:5201',
    '13 established tok=337b0026 ids=0/0 198.51.100.1:49562 198.51.100.2:5201',
    '14 sub-established tok=337b0026 ids=0/1 203.0.113.1:57557 198.51.100.2:5201 backup=false ifindex=3',
    '15 closed tok=337b0026 ids=-/- - -',
    '16 closed tok=c8b38d09 ids=-/- - -',
    '17 closed tok=731a87d4 ids=-/- - -',
  ],
  'ip-mptcp-monitor-v4-server.txt': [
    '1 listener-created tok=- ids=-/- - -',
    '2 created tok=9d251e06 ids=0/0 198.51.100.2:5201 198.51.100.1:60046 flags=2',
    '3 established tok=9d251e06 ids=0/0 198.51.100.2:5201 198.51.100.1:60046 flags=2',
    '4 sub-established tok=9d251e06 ids=1/0 198.51.100.2:5201 203.0.113.1:33691 backup=false',
    '5 created tok=e71bf7b0 ids=0/0 198.51.100.2:5201 198.51.100.1:60060 flags=2',
    '6 established tok=e71bf7b0 ids=0/0 198.51.100.2:5201 198.51.100.1:60060 flags=2',
    '7 sub-established tok=e71bf7b0 ids=1/0 198.51.100.2:5201 203.0.113.1:59739 backup=false',
    '8 sub-priority tok=9d251e06 ids=1/0 198.51.100.2:5201 203.0.113.1:33691 backup=true',
    '9 sub-priority tok=e71bf7b0 ids=1/0 198.51.100.2:5201 203.0.113.1:59739 backup=true',
    '10 closed tok=e71bf7b0 ids=-/- - -',
    '11 closed tok=9d251e06 ids=-/- - -',
    '12 listener-closed tok=- ids=-/- - -',
    '13 listener-created tok=- ids=-/- - -',
    '14 created tok=f200e6c5 ids=0/0 [::ffff:198.51.100.2]:5201 [::ffff:198.51.100.1]:49552 flags=2',
    '15 established tok=f200e6c5 ids=0/0 [::ffff:198.51.100.2]:5201 [::ffff:198.51.100.1]:49552 flags=2',
    '16 sub-established tok=f200e6c5 ids=1/0 [::ffff:198.51.100.2]:5201 [::ffff:203.0.113.1]:60621 backup=false',
    '17 created tok=6b8afeb8 ids=0/0 [::ffff:198.51.100.2]:5201 [::ffff:198.51.100.1]:49562 flags=2',
    '18 established tok=6b8afeb8 ids=0/0 [::ffff:198.51.100.2]:5201 [::ffff:198.51.100.1]:49562 flags=2',
    '19 sub-established tok=6b8afeb8 ids=1/0 [::ffff:198.51.100.2]:5201 [::ffff:203.0.113.1]:57557 backup=false',
    '20 closed tok=6b8afeb8 ids=-/- - -',
    '21 closed tok=f200e6c5 ids=-/- - -',
    '22 listener-closed tok=- ids=-/- - -',
    '23 listener-created tok=- ids=-/- - -',
  ],
  'ip-mptcp-monitor-v6-client.txt': [
    '1 created tok=56bd8095 ids=0/0 [2001:db8:1::1]:49906 [2001:db8:1::2]:5201',
    '2 established tok=56bd8095 ids=0/0 [2001:db8:1::1]:49906 [2001:db8:1::2]:5201',
    '3 sub-established tok=56bd8095 ids=0/1 [2001:db8:2::1]:34571 [2001:db8:1::2]:5201 backup=false ifindex=3',
    '4 created tok=c2b4b9b7 ids=0/0 [2001:db8:1::1]:49916 [2001:db8:1::2]:5201',
    '5 established tok=c2b4b9b7 ids=0/0 [2001:db8:1::1]:49916 [2001:db8:1::2]:5201',
    '6 sub-established tok=c2b4b9b7 ids=0/1 [2001:db8:2::1]:34901 [2001:db8:1::2]:5201 backup=false ifindex=3',
    '7 sub-closed tok=56bd8095 ids=0/1 [2001:db8:2::1]:34571 [2001:db8:1::2]:5201 backup=false ifindex=3',
    '8 sub-closed tok=c2b4b9b7 ids=0/1 [2001:db8:2::1]:34901 [2001:db8:1::2]:5201 backup=false ifindex=3',
    '9 closed tok=c2b4b9b7 ids=-/- - -',
    '10 closed tok=56bd8095 ids=-/- - -',
  ],
  'ip-mptcp-monitor-v6-server.txt': [
    '1 listener-created tok=- ids=-/- - -',
    '2 created tok=49c93bd2 ids=0/0 [2001:db8:1::2]:5201 [2001:db8:1::1]:49906 flags=2',
    '3 established tok=49c93bd2 ids=0/0 [2001:db8:1::2]:5201 [2001:db8:1::1]:49906 flags=2',
    '4 sub-established tok=49c93bd2 ids=1/0 [2001:db8:1::2]:5201 [2001:db8:2::1]:34571 backup=false',
    '5 created tok=d469eb0b ids=0/0 [2001:db8:1::2]:5201 [2001:db8:1::1]:49916 flags=2',
    '6 established tok=d469eb0b ids=0/0 [2001:db8:1::2]:5201 [2001:db8:1::1]:49916 flags=2',
    '7 sub-established tok=d469eb0b ids=1/0 [2001:db8:1::2]:5201 [2001:db8:2::1]:34901 backup=false',
    '8 removed tok=49c93bd2 ids=1/- - -',
    '9 sub-closed tok=49c93bd2 ids=1/0 [2001:db8:1::2]:5201 [2001:db8:2::1]:34571 backup=false',
    '10 removed tok=d469eb0b ids=1/- - -',
    '11 sub-closed tok=d469eb0b ids=1/0 [2001:db8:1::2]:5201 [2001:db8:2::1]:34901 backup=false',
    '12 closed tok=d469eb0b ids=-/- - -',
    '13 closed tok=49c93bd2 ids=-/- - -',
    '14 listener-closed tok=- ids=-/- - -',
  ],
};

describe('parseIpMptcpMonitor on captured fixtures', () => {
  for (const [name, lines] of Object.entries(EXPECTED)) {
    it(`parses ${name} exactly`, () => {
      expect(parseIpMptcpMonitor(fixture(name), { source: name }).map(summary)).toEqual(lines);
    });
  }

  it('decodes a whole sub-priority event of the peer (SF_PRIO in iproute2 6.1)', () => {
    const events = parseIpMptcpMonitor(fixture('ip-mptcp-monitor-v4-server.txt'));
    expect(events[7]).toEqual({
      type: 'sub-priority',
      name: 'SF_PRIO',
      token: '9d251e06',
      remoteId: 1,
      localId: 0,
      local: { address: '198.51.100.2', port: 5201 },
      remote: { address: '203.0.113.1', port: 33691 },
      backup: true,
      extra: {},
      line: 8,
    });
    expect(events[1]).toMatchObject({ type: 'created', flags: 2, serverSide: true });
    expect(events[0]).toEqual({ type: 'listener-created', name: 'UNKNOWN 15', extra: {}, line: 1 });
  });

  it('attaches `ip -t` and `ip -ts` timestamps to their events', () => {
    const long = parseIpMptcpMonitor(fixture('ip-mptcp-monitor-v4-client-timestamps.txt'));
    expect(long[0]?.timestamp).toBe('Sun Nov 22 02:59:11 2026 927748 usec');
    expect(long[15]?.timestamp).toBe('Sun Nov 22 02:59:16 2026 932551 usec');
    expect(long.every((e) => e.timestamp !== undefined)).toBe(true);
    const short = parseIpMptcpMonitor(fixture('ip-mptcp-monitor-loopback-short-timestamps.txt'));
    expect(short[0]).toEqual({
      type: 'listener-created',
      name: 'UNKNOWN 15',
      timestamp: '2026-11-22T03:05:55.698499',
      extra: {},
      line: 1,
    });
  });

  it('names only kernel spec types in every captured event', () => {
    const names = Object.keys(EXPECTED).flatMap((name) => parseIpMptcpMonitor(fixture(name)));
    expect(names.every((e) => isPmEventType(e.type))).toBe(true);
  });
});

describe('monitor event names', () => {
  it.each([
    ['CREATED', 'created'],
    ['ESTABLISHED', 'established'],
    ['CLOSED', 'closed'],
    ['ANNOUNCED', 'announced'],
    ['REMOVED', 'removed'],
    ['SF_ESTABLISHED', 'sub-established'],
    ['SF_CLOSED', 'sub-closed'],
    ['SF_PRIO', 'sub-priority'],
    ['SF_PRIORITY', 'sub-priority'],
    ['LISTENER_CREATED', 'listener-created'],
    ['LISTENER_CLOSED', 'listener-closed'],
    ['UNKNOWN 1', 'created'],
    ['UNKNOWN 13', 'sub-priority'],
    ['UNKNOWN 15', 'listener-created'],
    ['UNKNOWN 16', 'listener-closed'],
    ['UNKNOWN 42', 'UNKNOWN 42'],
    ['SF_SHINY', 'SF_SHINY'],
  ])('maps %s to %s', (name, type) => {
    expect(monitorEventType(name)).toBe(type);
  });

  it('covers the ten kernel event types', () => {
    expect(PM_EVENT_TYPES).toHaveLength(10);
    expect(isPmEventType('sub-priority')).toBe(true);
    expect(isPmEventType('SF_PRIO')).toBe(false);
  });

  it('keeps unknown events and attributes without throwing', () => {
    const parsed = parseIpMptcpMonitorLine('[  SF_SHINY] token=0000abcd sparkle=7 sport=1', {
      line: 3,
    });
    expect(parsed).toEqual({
      kind: 'event',
      event: {
        type: 'SF_SHINY',
        name: 'SF_SHINY',
        token: '0000abcd',
        extra: { sparkle: '7', sport: '1' },
        line: 3,
      },
    });
  });

  it('reads the attributes newer iproute2 prints', () => {
    const line =
      '[LISTENER_CREATED] saddr6=2001:db8:1::2 sport=5201 timeout=30 reset_reason=4 reset_flags=0x1';
    const parsed = parseIpMptcpMonitorLine(line);
    expect(parsed).toEqual({
      kind: 'event',
      event: {
        type: 'listener-created',
        name: 'LISTENER_CREATED',
        local: { address: '2001:db8:1::2', port: 5201 },
        timeout: 30,
        resetReason: 4,
        resetFlags: 1,
        extra: {},
        line: 1,
      },
    });
  });

  it('returns blank and timestamp lines as such', () => {
    expect(parseIpMptcpMonitorLine('   ')).toEqual({ kind: 'blank' });
    expect(parseIpMptcpMonitorLine('Timestamp: Sun Nov 22 02:59:11 2026 927748 usec')).toEqual({
      kind: 'timestamp',
      timestamp: 'Sun Nov 22 02:59:11 2026 927748 usec',
    });
  });
});

describe('parseIpMptcpMonitor on malformed input', () => {
  it.each([
    ['CREATED token=1', /expected "\[EVENT\] key=value …"/],
    ['[] token=1', /expected "\[EVENT\] key=value …"/],
    ['[   CREATED', /expected "\[EVENT\] key=value …"/],
    ['[CREATED] token', /expected key=value, got "token"/],
    ['[CREATED] token=xyz', /token: expected hex digits/],
    ['[CREATED] token=1 remid=256', /remid: expected an id 0–255/],
    ['[CREATED] token=1 saddr4=198.51', /saddr4: expected an IPv4 address/],
    ['[CREATED] token=1 saddr6=198.51.100.1', /saddr6: expected an IPv6 address/],
    ['[CREATED] token=1 sport=70000', /sport: expected a port/],
    ['[SF_PRIO] token=1 backup=yes', /backup: expected 0 or 1/],
    ['[CREATED] token=1 flags=zz', /flags: expected hex flags/],
    ['[SF_CLOSED] token=1 error=-1', /error: expected a number/],
    ['[SF_CLOSED] token=1 ifindex=eth0', /ifindex: expected an interface index/],
    ['[SF_CLOSED] token=1 reset_flags=1', /reset_flags: expected hex like 0x1/],
  ])('rejects %j', (text, detail) => {
    const error = thrown(() => parseIpMptcpMonitor(`[        CLOSED] token=12d188cf\n${text}\n`));
    expect(error).toMatchObject({ source: 'ip mptcp monitor', line: 2 });
    expect(error.detail).toMatch(detail);
    expect(error.message).toMatch(/^cannot parse ip mptcp monitor, line 2: /);
  });

  it('names the line of an event cut off mid-attribute in a real capture', () => {
    const text = fixture('ip-mptcp-monitor-v6-client.txt');
    const cut = text.slice(0, text.lastIndexOf('2001:db8:1::2 sport=34571') + 9);
    expect(() => parseIpMptcpMonitor(cut)).toThrow(/line 7: daddr6: expected an IPv6 address/);
  });
});
