// Unit tests of the readers of `ip`/`tc` output, on text captured from a real lab (kernel 6.18,
// iproute2 6.1), plus malformed and empty inputs.
import { describe, expect, it } from 'vitest';
import { LabOutputError } from '../../../native/lab/lab-errors.js';
import {
  parseAddrShow,
  parseEndpointShow,
  parseLimitsShow,
  parseLinkCounters,
  parseNetnsList,
  parsePidList,
  parseQdiscShow,
  parseRouteShow,
  parseRuleShow,
} from '../../../native/lab/lab-parse.js';

// `ip -n sflx-cli -j addr show`
const ADDR_SHOW = String.raw`[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"qdisc":"noqueue","operstate":"UNKNOWN","group":"default","txqlen":1000,"link_type":"loopback","address":"00:00:00:00:00:00","broadcast":"00:00:00:00:00:00","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host","label":"lo","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"::1","prefixlen":128,"scope":"host","valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":2,"link_index":2,"ifname":"red-c","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"tbf","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"be:6a:d9:9f:30:80","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":0,"addr_info":[{"family":"inet","local":"198.51.100.1","prefixlen":24,"scope":"global","label":"red-c","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::bc6a:d9ff:fe9f:3080","prefixlen":64,"scope":"link","valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":3,"link_index":3,"ifname":"blue-c","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"tbf","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"d2:ff:76:5c:a1:97","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":0,"addr_info":[{"family":"inet","local":"203.0.113.1","prefixlen":24,"scope":"global","label":"blue-c","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::d0ff:76ff:fe5c:a197","prefixlen":64,"scope":"link","valid_life_time":4294967295,"preferred_life_time":4294967295}]}]`;

// `tc -n sflx-srv -j qdisc show`
const QDISC_SHOW = String.raw`[{"kind":"noqueue","handle":"0:","dev":"lo","root":true,"refcnt":2,"options":{}},{"kind":"tbf","handle":"8010:","dev":"red-s","root":true,"refcnt":3,"options":{"rate":5000000,"burst":125000,"lat":50000}},{"kind":"tbf","handle":"8012:","dev":"blue-s","root":true,"refcnt":3,"options":{"rate":2500000,"burst":62500,"lat":50000}}]`;

// `ip -n sflx-cli -s -j link show dev red-c`
const LINK_SHOW = String.raw`[{"ifindex":2,"link_index":2,"ifname":"red-c","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"tbf","operstate":"UP","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"ether","address":"be:6a:d9:9f:30:80","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":0,"stats64":{"rx":{"bytes":636546,"packets":7620,"errors":0,"dropped":0,"over_errors":0,"multicast":0},"tx":{"bytes":654628,"packets":7818,"errors":0,"dropped":0,"carrier_errors":0,"collisions":0}}}]`;

describe('parseNetnsList', () => {
  it('reads names', () => {
    expect(parseNetnsList('[{"name":"sflx-srv"},{"name":"sflx-cli","id":0}]\n')).toEqual([
      'sflx-srv',
      'sflx-cli',
    ]);
  });

  it('reads nothing as no namespaces', () => {
    expect(parseNetnsList('')).toEqual([]);
    expect(parseNetnsList('[]')).toEqual([]);
  });

  it('rejects malformed output', () => {
    expect(() => parseNetnsList('[{"name":')).toThrow(LabOutputError);
    expect(() => parseNetnsList('[{"id":1}]')).toThrow(/unexpected shape at 0.name/);
  });
});

describe('parseAddrShow', () => {
  it('reads interfaces, up state and addresses, leaving out link-local IPv6', () => {
    expect(parseAddrShow(ADDR_SHOW)).toEqual([
      { name: 'lo', up: true, addresses: ['127.0.0.1/8', '::1/128'] },
      { name: 'red-c', up: true, addresses: ['198.51.100.1/24'] },
      { name: 'blue-c', up: true, addresses: ['203.0.113.1/24'] },
    ]);
  });

  it('reads an interface without addresses as down when UP is missing', () => {
    expect(parseAddrShow('[{"ifname":"x","flags":["BROADCAST"],"addr_info":[]}]')).toEqual([
      { name: 'x', up: false, addresses: [] },
    ]);
  });

  it('rejects truncated output', () => {
    expect(() => parseAddrShow(ADDR_SHOW.slice(0, 200))).toThrow(LabOutputError);
  });
});

describe('parseQdiscShow', () => {
  it('converts tbf rates from bytes/s to Mbit/s', () => {
    expect(parseQdiscShow(QDISC_SHOW)).toEqual([
      { interface: 'lo', kind: 'noqueue', rateMbit: null, burstBytes: null },
      { interface: 'red-s', kind: 'tbf', rateMbit: 40, burstBytes: 125000 },
      { interface: 'blue-s', kind: 'tbf', rateMbit: 20, burstBytes: 62500 },
    ]);
  });

  it('keeps only root qdiscs', () => {
    const text = '[{"kind":"pfifo","dev":"x","parent":"1:1","options":{}}]';
    expect(parseQdiscShow(text)).toEqual([]);
  });
});

describe('parseEndpointShow', () => {
  it('reads flags given as true members', () => {
    expect(
      parseEndpointShow('[{"address":"203.0.113.1","id":1,"subflow":true,"dev":"blue-c"}]\n'),
    ).toEqual([{ id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['subflow'] }]);
    expect(
      parseEndpointShow('[{"address":"192.0.2.1","id":2,"signal":true,"backup":true}]'),
    ).toEqual([{ id: 2, address: '192.0.2.1', interface: null, flags: ['signal', 'backup'] }]);
  });

  it('reads no endpoints', () => {
    expect(parseEndpointShow('[]\n')).toEqual([]);
    expect(parseEndpointShow('')).toEqual([]);
  });
});

describe('parseLimitsShow', () => {
  it('reads the text form', () => {
    expect(parseLimitsShow('add_addr_accepted 8 subflows 8 \n')).toEqual({
      subflows: 8,
      addAddrAccepted: 8,
    });
    expect(parseLimitsShow('add_addr_accepted 0 subflows 2')).toEqual({
      subflows: 2,
      addAddrAccepted: 0,
    });
  });

  it('rejects text without both values', () => {
    expect(() => parseLimitsShow('subflows 8')).toThrow(/add_addr_accepted/);
    expect(() => parseLimitsShow('add_addr_accepted x subflows 8')).toThrow(LabOutputError);
  });
});

describe('parseRuleShow and parseRouteShow', () => {
  it('reads rules', () => {
    const text =
      '[{"priority":0,"src":"all","table":"local"},{"priority":32765,"src":"203.0.113.1","table":"200"}]';
    expect(parseRuleShow(text)).toEqual([
      { from: 'all', table: 'local' },
      { from: '203.0.113.1', table: '200' },
    ]);
  });

  it('reads routes', () => {
    const text = '[{"dst":"198.51.100.0/24","gateway":"203.0.113.2","dev":"blue-c","flags":[]}]\n';
    expect(parseRouteShow(text)).toEqual([
      { destination: '198.51.100.0/24', gateway: '203.0.113.2', interface: 'blue-c' },
    ]);
    expect(parseRouteShow('[{"dst":"default","dev":"x"}]')).toEqual([
      { destination: 'default', gateway: null, interface: 'x' },
    ]);
  });

  it('rejects the half-printed array ip leaves when a table does not exist', () => {
    expect(() => parseRouteShow('[')).toThrow(LabOutputError);
  });
});

describe('parseLinkCounters', () => {
  it('reads 64-bit counters', () => {
    expect(parseLinkCounters(LINK_SHOW)).toEqual({ rxBytes: 636546, txBytes: 654628 });
  });

  it('rejects output without exactly one link with stats', () => {
    expect(() => parseLinkCounters('[]')).toThrow(LabOutputError);
    expect(() => parseLinkCounters('[{"ifname":"x"}]')).toThrow(LabOutputError);
  });
});

describe('parsePidList', () => {
  it('reads one pid a line', () => {
    expect(parsePidList('32505\n32493\n')).toEqual([32505, 32493]);
    expect(parsePidList('')).toEqual([]);
  });

  it('rejects anything else', () => {
    expect(() => parsePidList('12\nabc\n')).toThrow(LabOutputError);
    expect(() => parsePidList('-3')).toThrow(LabOutputError);
  });
});
