// Checks of routing for a second path: source routing (an endpoint address whose subflows would
// leave by another interface needs a rule `from ADDR lookup T` and a table T that leaves by its
// interface), judged from what the kernel does (an endpoint bound to its device, the subflow
// sockets' bound interface, the interface's counters), and strict reverse-path filtering on
// interfaces that carry subflows. Pure.
import type { InterfaceWithAddresses } from '../../native/rtnl/interfaces.js';
import type { Route } from '../../native/rtnl/route.js';
import type { Rule } from '../../native/rtnl/rule.js';
import { effectiveRpFilter } from '../../native/procfs/rp-filter.js';
import { endpointInterface, indexInterfaces } from '../monitor/interfaces.js';
import { diagnosis, usesKernelPm } from './check.js';
import type { Check, CheckContext, Diagnosis } from './check.js';
import type { DoctorInput } from './doctor-input.js';
import {
  BUILTIN_TABLES,
  MAIN_TABLE,
  familyOf,
  prefixContains,
  routeLeavesBy,
  routesVia,
} from './facts.js';
import { commandFor } from './fix-plan.js';
import { pathEvidence } from './path-evidence.js';
import type { FixAction, FixPlan, RouteAddAction } from './fix-plan.js';

/** Rules that send traffic from `address` (and nothing narrower) to a table of its own. */
const sourceRules = (rules: readonly Rule[], address: string, family: 4 | 6): Rule[] =>
  rules.filter(
    (r) =>
      r.family === family &&
      r.action === 'table' &&
      !r.invert &&
      r.from !== null &&
      r.fromLength > 0 &&
      r.iif === undefined &&
      r.oif === undefined &&
      r.fwmark === undefined &&
      !BUILTIN_TABLES.has(r.table) &&
      prefixContains(r.from, r.fromLength, address),
  );

const tableRoutes = (routes: readonly Route[], table: number, family: 4 | 6): Route[] =>
  routes.filter((r) => r.table === table && r.family === family);

/** A next hop on `link`: the main default route's, else any route's that leaves by it. */
function gatewayOf(routes: readonly Route[], link: InterfaceWithAddresses, family: 4 | 6) {
  const via = routesVia(routes, link.ifindex).filter((r) => r.family === family);
  const main = via.find((r) => r.table === 254 && r.dst === null && r.gateway !== undefined);
  return (main ?? via.find((r) => r.gateway !== undefined))?.gateway;
}

/**
 * The routes table T needs to leave by `link`: the link's own subnets (as the main table has
 * them) and a default route through its gateway. Without a known gateway the default route is
 * left to a person (GATEWAY), unless the main table has no default route either.
 */
function tableRoutesFor(
  input: DoctorInput,
  link: InterfaceWithAddresses,
  family: 4 | 6,
  table: number,
): { actions: RouteAddAction[]; known: boolean } {
  const routes = input.routes ?? [];
  const base = {
    kind: 'route-add' as const,
    family,
    ifindex: link.ifindex,
    ifname: link.name,
    table,
  };
  const connected = routesVia(routes, link.ifindex).filter(
    (r) => r.table === 254 && r.family === family && r.dst !== null && r.gateway === undefined,
  );
  const actions: RouteAddAction[] = connected.map((r) => ({
    ...base,
    dst: r.dst,
    dstLength: r.dstLength,
  }));
  const gateway = gatewayOf(routes, link, family);
  const mainHasDefault = routes.some(
    (r) => r.table === 254 && r.family === family && r.dst === null,
  );
  if (gateway === undefined && !mainHasDefault && actions.length > 0) {
    return { actions, known: true };
  }
  actions.push({ ...base, dst: null, dstLength: 0, gateway: gateway ?? 'GATEWAY' });
  return { actions, known: gateway !== undefined };
}

function planFor(
  steps: readonly FixAction[],
  known: boolean,
  input: DoctorInput,
  link: InterfaceWithAddresses,
  description: string,
): FixPlan {
  if (known) return { description, actions: steps };
  return {
    description,
    actions: [],
    manual: {
      commands: steps.map((a) => commandFor(a, input.netns)),
      reason:
        `the next hop (gateway) on ${link.name} is not known here: put the router of ` +
        `${link.name}'s network in place of GATEWAY and run the commands as root`,
    },
  };
}

/** What source routing an address of `link` lacks, and the plan that supplies it. */
export interface SourceRoutingNeed {
  readonly severity: 'warning' | 'info';
  readonly summary: string;
  readonly plan: FixPlan;
}

/** Whether the main table already has a way out of `link` beyond its own subnets. */
const mainHasGatewayVia = (routes: readonly Route[], link: InterfaceWithAddresses, family: 4 | 6) =>
  routesVia(routes, link.ifindex).some(
    (r) =>
      r.table === MAIN_TABLE && r.family === family && (r.dst === null || r.gateway !== undefined),
  );

/**
 * What an endpoint on `address` of `link` needs from source routing, or null when nothing:
 * `bound` says whether the endpoint is (or will be) bound to `link` with `dev`. Used for the
 * endpoints that exist and for the one an endpoint-missing fix adds, so that applying that fix
 * brings what this check would otherwise ask for next.
 */
export function sourceRoutingNeed(
  context: CheckContext,
  address: string,
  link: InterfaceWithAddresses,
  bound: boolean,
): SourceRoutingNeed | null {
  const { input, facts } = context;
  const family = familyOf(address);
  if (facts.mainDefaults(family).some((r) => routeLeavesBy(r, link.ifindex))) return null;
  const routes = input.routes ?? [];
  const rules = sourceRules(input.rules ?? [], address, family);
  const good = rules.find((r) =>
    tableRoutes(routes, r.table, family).some((route) => routeLeavesBy(route, link.ifindex)),
  );
  if (good) return null;

  const evidence = pathEvidence(input, address, link, bound);
  if (evidence.kind === 'main-routes-here') return null;
  if (evidence.kind === 'bound' && (evidence.carrying || mainHasGatewayVia(routes, link, family))) {
    return null;
  }
  const bits = family === 4 ? 32 : 128;
  const rule = rules[0];
  let plan: FixPlan;
  let lack: string;
  if (rule) {
    const route = tableRoutesFor(input, link, family, rule.table);
    lack = `Traffic from ${address} goes to table ${rule.table} (rule priority ${rule.priority}), but that table has no route out of ${link.name}`;
    plan = planFor(
      route.actions,
      route.known,
      input,
      link,
      `Adds routes out of ${link.name} to table ${rule.table}.`,
    );
  } else {
    const target = context.tables(link, family);
    const ruleAction: FixAction = {
      kind: 'rule-add',
      family,
      from: address,
      fromLength: bits,
      table: target.table,
    };
    const route = target.exists ? null : tableRoutesFor(input, link, family, target.table);
    lack = `No rule sends traffic from ${address} to a routing table of ${link.name} ('ip rule add from ${address} table T')`;
    plan = planFor(
      route ? [...route.actions, ruleAction] : [ruleAction],
      route?.known ?? true,
      input,
      link,
      target.exists
        ? `Adds the rule 'from ${address} lookup ${target.table}' (table ${target.table} already leaves by ${link.name}).`
        : `Creates table ${target.table} with routes out of ${link.name} and the rule 'from ${address} lookup ${target.table}'.`,
    );
  }
  if (evidence.kind === 'bound') {
    const binder =
      evidence.by === 'endpoint'
        ? `its endpoint is bound to ${link.name} (dev)`
        : `sock_diag shows its subflows bound to ${link.name}`;
    return {
      severity: 'info',
      summary:
        `${lack}; ${binder}, so the kernel sends its subflows out of ${link.name} anyway, but ` +
        `no route with a next hop leaves by ${link.name}: the kernel then treats every peer as ` +
        `being on ${link.name}'s own network, which works only where the peer (or a router ` +
        'answering for it) is there.',
      plan,
    };
  }
  const why =
    evidence.kind === 'leaves-elsewhere'
      ? `the kernel's counters show it: its live subflows had ${evidence.acked} bytes acked, but ${link.name} has sent only ${evidence.sent} bytes since it came up`
      : evidence.kind === 'main-routes-elsewhere'
        ? `the main table routes its live subflows' peers out of ${evidence.via}`
        : `its endpoint is not bound to ${link.name} (no dev)`;
  return {
    severity: 'warning',
    summary:
      `${lack}, so its subflows leave by whatever interface the main table picks and the ` +
      `second path is not really used (${why}).`,
    plan,
  };
}

export const sourceRouting: Check = {
  name: 'source-routing',
  applies: (input) =>
    usesKernelPm(input) &&
    input.routes !== null &&
    input.rules !== null &&
    input.endpoints !== null,
  run: (context) => {
    const { input, facts } = context;
    if (facts.uplinks.length < 2) return [];
    const out: Diagnosis[] = [];
    const seen = new Set<string>();
    for (const ep of facts.active) {
      if (seen.has(ep.address)) continue;
      seen.add(ep.address);
      const link = facts.ownerOf(ep.address);
      if (!link || !facts.uplinks.includes(link)) continue;
      const bound = facts.active.some(
        (other) => other.address === ep.address && other.ifindex === link.ifindex,
      );
      const need = sourceRoutingNeed(context, ep.address, link, bound);
      if (!need) continue;
      out.push(
        diagnosis(input, {
          check: 'source-routing',
          key: ep.address,
          subject: ep.address,
          ...need,
        }),
      );
    }
    return out;
  },
};

export const rpFilterStrict: Check = {
  name: 'rp-filter',
  applies: (input) => input.kernel.mptcp !== 'unavailable' && input.rpFilter !== null,
  run: ({ input, facts }) => {
    const conf = input.rpFilter;
    if (!conf) return [];
    const index = indexInterfaces(input.interfaces);
    const names = new Set(facts.carrying);
    for (const ep of facts.active) {
      const link = endpointInterface(index, ep);
      if (link) names.add(link.name);
    }
    const out: Diagnosis[] = [];
    for (const link of input.interfaces) {
      if (!names.has(link.name) || !link.addresses.some((a) => familyOf(a) === 4)) continue;
      if (effectiveRpFilter(conf, link.name) !== 'strict') continue;
      const own = conf.interfaces[link.name] ?? conf.default;
      const setting = `net.ipv4.conf.${link.name}.rp_filter = ${own}, conf.all = ${conf.all}`;
      const carries = facts.carrying.has(link.name) ? 'carries' : 'has an endpoint for';
      out.push(
        diagnosis(input, {
          check: 'rp-filter',
          key: link.name,
          subject: link.name,
          severity: 'warning',
          summary:
            `Reverse-path filtering is strict on ${link.name} (${setting}), which ${carries} ` +
            'MPTCP subflows: the kernel drops packets arriving there whenever its route back to ' +
            'their source leaves by another interface, which kills subflows.',
          plan: {
            description:
              `Sets rp_filter of ${link.name} to 2 (loose: packets from unroutable sources are ` +
              `still dropped); the kernel uses the larger of conf.all and conf.${link.name}.`,
            actions: [
              { kind: 'sysctl', path: ['net', 'ipv4', 'conf', link.name, 'rp_filter'], value: '2' },
            ],
          },
        }),
      );
    }
    return out;
  },
};
