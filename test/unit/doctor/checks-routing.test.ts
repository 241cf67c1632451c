// Source routing (a rule from each endpoint address to a table that leaves by its interface)
// and strict rp_filter on interfaces with subflows or endpoints.
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../electron/doctor/run-checks.js';
import { conn, endpoint } from '../../fixtures/monitor/samples.js';
import { BLUE, RED, finding, ids, labInput, labRoutes, labRules, route, rule } from './inputs.js';

const ID = 'source-routing:203.0.113.1';

/** The blue endpoint without `dev`: the kernel does not bind its subflows to blue-c. */
const unbound = { endpoints: [endpoint(1, '203.0.113.1', ['subflow'])] };
const withoutRule200 = () => labRules().filter((r) => r.table !== 200);

/** The lab with one connection: initial subflow on red-c, a join from the blue address. */
function live(o: { boundBlue?: number; blueAcked?: number; blueTx?: number; dev?: boolean }) {
  const base = conn(0, { blue: o.blueAcked ?? 0 });
  return {
    ...base,
    interfaces: base.interfaces.map((l) =>
      l.name === 'blue-c' ? { ...l, txBytes: o.blueTx ?? 0 } : l,
    ),
    subflows: base.subflows.map((sf) =>
      sf.local.address === '203.0.113.1' ? { ...sf, boundInterface: o.boundBlue ?? 0 } : sf,
    ),
    ...(o.dev === false ? unbound : {}),
  };
}

describe('source-routing', () => {
  it('is quiet for the lab as built (rule from the blue address to table 200)', () => {
    expect(runChecks(labInput()).some((f) => f.check === 'source-routing')).toBe(false);
  });

  it('warns about an unbound endpoint without a rule, adding only the rule when the table exists', () => {
    const f = finding(runChecks(labInput(unbound, { rules: withoutRule200() })), ID);
    expect(f.severity).toBe('warning');
    expect(f.summary).toMatch(/not really used \(its endpoint is not bound to blue-c \(no dev\)\)/);
    expect(f.fix?.commands).toEqual(['ip -n lab-cli rule add from 203.0.113.1 table 200']);
    expect(f.fix?.applicable).toBe(true);
  });

  it('creates a table with the subnet and the default route through the known gateway', () => {
    const routes = [
      route({ dst: null, oif: RED, gateway: '198.51.100.254' }),
      route({ dst: null, oif: BLUE, gateway: '203.0.113.254', priority: 600 }),
      ...labRoutes().filter((r) => r.table === 254),
    ];
    const f = finding(runChecks(labInput(unbound, { routes, rules: withoutRule200() })), ID);
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
    const f = finding(runChecks(labInput(unbound, { routes, rules: withoutRule200() })), ID);
    expect(f.fix?.applicable).toBe(false);
    expect(f.fix?.notApplicableReason).toMatch(/GATEWAY/);
    expect(f.fix?.commands).toContain(
      'ip -n lab-cli route add default via GATEWAY dev blue-c table 100',
    );
  });

  it('reports a rule whose table has no route out of the interface', () => {
    const routes = labRoutes().filter((r) => r.table !== 200);
    const f = finding(runChecks(labInput(unbound, { routes })), ID);
    expect(f.summary).toMatch(/table 200 \(rule priority 32765\).*no route out of blue-c/);
    expect(f.fix?.commands).toEqual([
      'ip -n lab-cli route add 203.0.113.0/24 dev blue-c table 200',
    ]);
  });

  it('is quiet when the main default route already leaves by the interface', () => {
    const routes = [...labRoutes(), route({ dst: null, oif: BLUE, gateway: '203.0.113.254' })];
    expect(ids(runChecks(labInput(unbound, { routes, rules: withoutRule200() })))).not.toContain(
      ID,
    );
  });

  it('ignores rules that do not select by source alone (fwmark, inverted, other address)', () => {
    const marked = { ...rule(1000, 200, '203.0.113.1'), fwmark: 16 };
    const inverted = { ...rule(1001, 200, '203.0.113.1'), invert: true };
    const other = rule(1002, 200, '203.0.113.9');
    const rules = [rule(0, 255), marked, inverted, other, rule(32766, 254)];
    expect(ids(runChecks(labInput(unbound, { rules })))).toContain(ID);
  });

  it('accepts a wider source prefix and skips when routes could not be read', () => {
    const wide = { ...rule(32765, 200, '203.0.113.0'), fromLength: 24 };
    expect(ids(runChecks(labInput(unbound, { rules: [wide, rule(32766, 254)] })))).not.toContain(
      ID,
    );
    const unread = runChecks(labInput(unbound, { routes: null, problems: ['routes: EIO'] }));
    expect(unread.some((f) => f.check === 'source-routing')).toBe(false);
  });

  it('gives fixes for different interfaces different new tables', () => {
    const both = {
      endpoints: [
        endpoint(1, '203.0.113.1', ['subflow']),
        endpoint(2, '198.51.100.1', ['subflow']),
      ],
    };
    const routes = labRoutes().filter((r) => r.table === 254);
    const findings = runChecks(labInput(both, { routes, rules: withoutRule200() }));
    const tableOf = (id: string) =>
      /rule add from \S+ table (\d+)/.exec(
        finding(findings, id).fix?.commands.join('\n') ?? '',
      )?.[1];
    // In the endpoints' order: blue's endpoint (id 1) first.
    expect(tableOf(ID)).toBe('100');
    expect(tableOf('source-routing:198.51.100.1')).toBe('101');
  });
});

describe('source-routing: what the kernel does with a bound endpoint', () => {
  it('only notes a dev-bound endpoint without a rule: its subflows leave by blue-c anyway', () => {
    const f = finding(runChecks(labInput({}, { rules: withoutRule200() })), ID);
    expect(f.severity).toBe('info');
    expect(f.summary).toMatch(/endpoint is bound to blue-c \(dev\)/);
    expect(f.summary).not.toMatch(/not really used/);
    expect(f.fix?.commands).toEqual(['ip -n lab-cli rule add from 203.0.113.1 table 200']);
  });

  it('is quiet for a dev-bound endpoint whose bound subflow carries traffic', () => {
    const input = labInput(live({ boundBlue: BLUE, blueAcked: 5_000_000, blueTx: 6_000_000 }), {
      rules: withoutRule200(),
    });
    expect(ids(runChecks(input))).not.toContain(ID);
  });

  it('is quiet when sock_diag shows the sockets bound, even without dev in the endpoint', () => {
    const input = labInput(
      live({ boundBlue: BLUE, blueAcked: 5_000_000, blueTx: 6_000_000, dev: false }),
      { rules: withoutRule200() },
    );
    expect(ids(runChecks(input))).not.toContain(ID);
  });

  it('is quiet for a dev-bound endpoint when the main table has a gateway route out of it', () => {
    const routes = [
      ...labRoutes(),
      route({ dst: null, oif: BLUE, gateway: '203.0.113.254', priority: 600 }),
    ];
    const withRedDefault = [...routes, route({ dst: null, oif: RED, gateway: '198.51.100.254' })];
    expect(
      ids(runChecks(labInput({}, { routes: withRedDefault, rules: withoutRule200() }))),
    ).not.toContain(ID);
  });

  it('warns, with the counters, when more was acked than the interface ever sent', () => {
    const input = labInput(live({ boundBlue: BLUE, blueAcked: 5_000_000, blueTx: 1_000 }), {
      rules: withoutRule200(),
    });
    const f = finding(runChecks(input), ID);
    expect(f.severity).toBe('warning');
    expect(f.summary).toMatch(/5000000 bytes acked, but blue-c has sent only 1000 bytes/);
  });

  it('for an unbound endpoint with live subflows, follows the main route to the peer', () => {
    const elsewhere = finding(
      runChecks(labInput(live({ dev: false, blueAcked: 0 }), { rules: withoutRule200() })),
      ID,
    );
    expect(elsewhere.summary).toMatch(/routes its live subflows' peers out of red-c/);
    // A peer on blue-c's own subnet is reached through blue-c by the main table itself.
    const here = labInput(live({ dev: false }), { rules: withoutRule200() });
    const toBluePeer = {
      ...here,
      subflowSockets: here.subflowSockets.map((s) => ({ ...s, remote: '203.0.113.2' })),
    };
    expect(ids(runChecks(toBluePeer))).not.toContain(ID);
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
