// Source routing (a rule from each endpoint address to a table that leaves by its interface)
// and strict rp_filter on interfaces with subflows or endpoints.
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../electron/doctor/run-checks.js';
import { conn, endpoint } from '../../fixtures/monitor/samples.js';
import { BLUE, RED, finding, ids, labInput, labRoutes, labRules, route, rule } from './inputs.js';

const ID = 'source-routing:203.0.113.1';

describe('source-routing', () => {
  it('is quiet for the lab as built (rule from the blue address to table 200)', () => {
    expect(runChecks(labInput()).some((f) => f.check === 'source-routing')).toBe(false);
  });

  it('adds only the missing rule when a table already leaves by the interface', () => {
    const rules = labRules().filter((r) => r.table !== 200);
    const f = finding(runChecks(labInput({}, { rules })), ID);
    expect(f.severity).toBe('warning');
    expect(f.fix?.commands).toEqual(['ip -n lab-cli rule add from 203.0.113.1 table 200']);
    expect(f.fix?.applicable).toBe(true);
  });

  it('creates a table with the subnet and the default route through the known gateway', () => {
    const routes = [
      route({ dst: null, oif: RED, gateway: '198.51.100.254' }),
      route({ dst: null, oif: BLUE, gateway: '203.0.113.254', priority: 600 }),
      ...labRoutes().filter((r) => r.table === 254),
    ];
    const rules = labRules().filter((r) => r.table !== 200);
    const f = finding(runChecks(labInput({}, { routes, rules })), ID);
    expect(f.fix?.commands).toEqual([
      'ip -n lab-cli route add 203.0.113.0/24 dev blue-c table 100',
      'ip -n lab-cli route add default via 203.0.113.254 dev blue-c table 100',
      'ip -n lab-cli rule add from 203.0.113.1 table 100',
    ]);
  });

  it('leaves the gateway to a person when it is not known and traffic defaults elsewhere', () => {
    const routes = [
      route({ dst: null, oif: RED, gateway: '198.51.100.254' }),
      ...labRoutes().filter((r) => r.table === 254),
    ];
    const rules = labRules().filter((r) => r.table !== 200);
    const f = finding(runChecks(labInput({}, { routes, rules })), ID);
    expect(f.fix?.applicable).toBe(false);
    expect(f.fix?.notApplicableReason).toMatch(/GATEWAY/);
    expect(f.fix?.commands).toContain(
      'ip -n lab-cli route add default via GATEWAY dev blue-c table 100',
    );
  });

  it('reports a rule whose table has no route out of the interface', () => {
    const routes = labRoutes().filter((r) => r.table !== 200);
    const f = finding(runChecks(labInput({}, { routes })), ID);
    expect(f.summary).toMatch(/table 200 \(rule priority 32765\).*no route out of blue-c/);
    expect(f.fix?.commands).toEqual([
      'ip -n lab-cli route add 203.0.113.0/24 dev blue-c table 200',
    ]);
  });

  it('is quiet when the main default route already leaves by the interface', () => {
    const routes = [...labRoutes(), route({ dst: null, oif: BLUE, gateway: '203.0.113.254' })];
    const rules = labRules().filter((r) => r.table !== 200);
    expect(ids(runChecks(labInput({}, { routes, rules })))).not.toContain(ID);
  });

  it('ignores rules that do not select by source alone (fwmark, inverted, other address)', () => {
    const marked = { ...rule(1000, 200, '203.0.113.1'), fwmark: 16 };
    const inverted = { ...rule(1001, 200, '203.0.113.1'), invert: true };
    const other = rule(1002, 200, '203.0.113.9');
    const rules = [rule(0, 255), marked, inverted, other, rule(32766, 254)];
    expect(ids(runChecks(labInput({}, { rules })))).toContain(ID);
  });

  it('accepts a wider source prefix and skips when routes could not be read', () => {
    const wide = { ...rule(32765, 200, '203.0.113.0'), fromLength: 24 };
    expect(ids(runChecks(labInput({}, { rules: [wide, rule(32766, 254)] })))).not.toContain(ID);
    const unread = runChecks(labInput({}, { routes: null, problems: ['routes: EIO'] }));
    expect(unread.some((f) => f.check === 'source-routing')).toBe(false);
  });
});

describe('rp-filter', () => {
  const strict = (own: number, all = 0) => ({
    rpFilter: { all, default: 0, interfaces: { lo: 0, 'red-c': 0, 'blue-c': own } },
  });

  it('warns about strict rp_filter on the interface of an endpoint, fixed to loose', () => {
    const f = finding(runChecks(labInput({}, strict(1))), 'rp-filter:blue-c');
    expect(f.severity).toBe('warning');
    expect(f.fix?.commands).toEqual([
      'ip netns exec lab-cli sysctl -w net.ipv4.conf.blue-c.rp_filter=2',
    ]);
  });

  it('sees strictness coming from conf.all, and on interfaces carrying subflows', () => {
    const findings = runChecks(labInput(conn(0), strict(0, 1)));
    expect(finding(findings, 'rp-filter:blue-c').summary).toMatch(/conf.all = 1/);
    // red-c has no endpoint but carries the connection's initial subflow.
    expect(ids(findings)).toContain('rp-filter:red-c');
  });

  it('is quiet when loose or off, and on interfaces without subflows or endpoints', () => {
    expect(runChecks(labInput({}, strict(2, 1))).some((f) => f.check === 'rp-filter')).toBe(false);
    const noEndpoint = labInput(
      { endpoints: [endpoint(1, '198.51.100.1', ['subflow'], RED)] },
      strict(1),
    );
    expect(ids(runChecks(noEndpoint))).not.toContain('rp-filter:blue-c');
  });

  it('quotes interface names the shell would split, and writes dots as slashes', () => {
    const input = labInput({}, { rpFilter: { all: 0, default: 0, interfaces: { 'blue-c': 1 } } });
    const renamed = {
      ...input,
      interfaces: input.interfaces.map((l) => (l.name === 'blue-c' ? { ...l, name: 'v.1' } : l)),
      rpFilter: { all: 0, default: 0, interfaces: { 'v.1': 1 } },
    };
    expect(finding(runChecks(renamed), 'rp-filter:v.1').fix?.commands).toEqual([
      'ip netns exec lab-cli sysctl -w net.ipv4.conf.v/1.rp_filter=2',
    ]);
  });
});
