// Unit tests of the lab state checks (is it what `up` makes?) and the human rendering.
import { describe, expect, it } from 'vitest';
import { checkLab, formatMbit, renderLabStatus } from '../../../native/lab/lab-check.js';
import type { LabState } from '../../../native/lab/lab-check.js';
import type { LabNamespaceStatus, LabStatus } from '../../../native/lab/lab-status-types.js';

const lo = { name: 'lo', up: true, addresses: ['127.0.0.1/8'], qdisc: 'noqueue', rateMbit: null };

const client: LabNamespaceStatus = {
  name: 'sft-cli',
  exists: true,
  mptcpEnabled: true,
  interfaces: [
    lo,
    { name: 'red-c', up: true, addresses: ['198.51.100.1/24'], qdisc: 'tbf', rateMbit: 40 },
    { name: 'blue-c', up: true, addresses: ['203.0.113.1/24'], qdisc: 'tbf', rateMbit: 20 },
  ],
  endpoints: [{ id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['subflow'] }],
  limits: { subflows: 8, addAddrAccepted: 8 },
  rules: [
    { from: 'all', table: 'local' },
    { from: '203.0.113.1', table: '200' },
  ],
  sourceRoutes: [{ destination: '198.51.100.0/24', gateway: '203.0.113.2', interface: 'blue-c' }],
  pids: [],
};

const server: LabNamespaceStatus = {
  ...client,
  name: 'sft-srv',
  interfaces: [
    lo,
    { name: 'red-s', up: true, addresses: ['198.51.100.2/24'], qdisc: 'tbf', rateMbit: 40 },
    { name: 'blue-s', up: true, addresses: ['203.0.113.2/24'], qdisc: 'tbf', rateMbit: 20 },
  ],
  endpoints: [],
  rules: [],
  sourceRoutes: [],
};

const complete: LabState = { prefix: 'sft', client, server };

const absent = (name: string): LabNamespaceStatus => ({
  ...client,
  name,
  exists: false,
  mptcpEnabled: null,
  interfaces: [],
  endpoints: [],
  limits: null,
  rules: [],
  sourceRoutes: [],
});

describe('checkLab', () => {
  it('finds nothing wrong with a complete lab', () => {
    expect(checkLab(complete)).toEqual([]);
    expect(checkLab(complete, { red: 40, blue: 20 })).toEqual([]);
    expect(checkLab(complete, { red: 40.1 })).toEqual([]);
  });

  it('reports rates that differ from the ones asked for', () => {
    expect(checkLab(complete, { red: 30 })).toEqual([
      'red-c is shaped to 40 Mbit/s, not 30 Mbit/s',
      'red-s is shaped to 40 Mbit/s, not 30 Mbit/s',
    ]);
  });

  it('reports missing namespaces', () => {
    expect(
      checkLab({ prefix: 'sft', client: absent('sft-cli'), server: absent('sft-srv') }),
    ).toEqual(['namespace sft-cli does not exist', 'namespace sft-srv does not exist']);
    expect(checkLab({ ...complete, server: absent('sft-srv') })).toEqual([
      'namespace sft-srv does not exist',
    ]);
  });

  it('reports each missing piece', () => {
    const broken: LabNamespaceStatus = {
      ...client,
      mptcpEnabled: false,
      limits: { subflows: 2, addAddrAccepted: 0 },
      interfaces: [
        { ...lo, up: false },
        { name: 'red-c', up: false, addresses: [], qdisc: 'noqueue', rateMbit: null },
      ],
      endpoints: [{ id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['signal'] }],
      rules: [],
      sourceRoutes: [],
    };
    expect(checkLab({ ...complete, client: broken })).toEqual([
      'MPTCP is not enabled in sft-cli',
      'MPTCP limits in sft-cli are not subflows 8 add_addr_accepted 8',
      'lo is down in sft-cli',
      'red-c is down',
      'red-c lacks 198.51.100.1/24',
      'red-c is not shaped with tbf',
      'blue-c is missing in sft-cli',
      'no subflow endpoint 203.0.113.1 dev blue-c in sft-cli',
      'no rule "from 203.0.113.1 table 200" in sft-cli',
      'no route 198.51.100.0/24 via 203.0.113.2 dev blue-c in table 200',
    ]);
  });
});

describe('renderLabStatus', () => {
  it('shows interfaces, shaping, endpoint and routing of an up lab', () => {
    const status: LabStatus = { ...complete, up: true, problems: [] };
    const text = renderLabStatus(status);
    expect(text.split('\n')[0]).toBe('Lab "sft": up');
    expect(text).toMatch(/red-c\s+up\s+198\.51\.100\.1\/24\s+tbf 40 Mbit\/s/);
    expect(text).toContain('endpoint 1: 203.0.113.1 dev blue-c subflow');
    expect(text).toContain('rule: from 203.0.113.1 table 200');
    expect(text).toContain('table 200: 198.51.100.0/24 via 203.0.113.2 dev blue-c');
    expect(text).toContain('processes: none');
  });

  it('says when nothing exists, and lists problems of a partial lab', () => {
    const down: LabStatus = {
      prefix: 'sft',
      up: false,
      client: absent('sft-cli'),
      server: absent('sft-srv'),
      problems: ['namespace sft-cli does not exist', 'namespace sft-srv does not exist'],
    };
    expect(renderLabStatus(down)).toBe('Lab "sft": down (nothing exists)');
    const partial: LabStatus = {
      ...complete,
      server: absent('sft-srv'),
      up: false,
      problems: ['namespace sft-srv does not exist'],
    };
    const text = renderLabStatus(partial);
    expect(text).toContain('Lab "sft": incomplete');
    expect(text).toContain('server sft-srv: absent');
    expect(text).toContain('! namespace sft-srv does not exist');
  });
});

describe('formatMbit', () => {
  it('rounds to two decimals', () => {
    expect(formatMbit(40)).toBe('40 Mbit/s');
    expect(formatMbit(12.3456)).toBe('12.35 Mbit/s');
  });
});
