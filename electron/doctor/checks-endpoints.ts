// Checks of the path-manager endpoints against the interfaces: an uplink without an endpoint
// (multipath silently off there; a note when the person chose off, which is never undone), an endpoint whose address is gone, one that neither opens nor
// announces subflows, and a `signal` endpoint on a host without MPTCP listeners. Pure.
import type { EndpointFlag } from '../../native/mptcp-pm/constants.js';
import type { PmEndpoint } from '../../native/mptcp-pm/endpoints.js';
import type { InterfaceWithAddresses } from '../../native/rtnl/interfaces.js';
import type { MultipathChoice } from '../control/choices.js';
import { requiredFlags } from '../control/plan.js';
import { diagnosis, usesKernelPm } from './check.js';
import type { Check, CheckContext, Diagnosis } from './check.js';
import { sourceRoutingNeed } from './checks-routing.js';
import type { SourceRoutingNeed } from './checks-routing.js';
import type { DoctorInput } from './doctor-input.js';
import { hasFlag, routeLeavesBy, usableAddresses } from './facts.js';
import { commandFor, shellWord } from './fix-plan.js';
import type { FixAction } from './fix-plan.js';

const FLAG_ORDER: readonly EndpointFlag[] = ['signal', 'subflow', 'backup', 'fullmesh', 'laminar'];
const ordered = (flags: Iterable<EndpointFlag>): EndpointFlag[] => {
  const set = new Set(flags);
  return FLAG_ORDER.filter((f) => set.has(f));
};

/** "subflow", "subflow and backup", "signal, subflow and backup". */
const flagList = (flags: readonly EndpointFlag[]): string =>
  flags.length <= 1
    ? (flags[0] ?? 'no')
    : `${flags.slice(0, -1).join(', ')} and ${flags[flags.length - 1] ?? ''}`;

const endpointsReadable = (input: DoctorInput): boolean =>
  usesKernelPm(input) && input.endpoints !== null;

/** "id 3 (192.0.2.7 port 8080)". */
const named = (ep: PmEndpoint): string =>
  `id ${ep.id} (${ep.address}${ep.port !== undefined ? ` port ${ep.port}` : ''})`;

/** The id key of an endpoint finding: its address, and its port when it has one. */
const endpointKey = (ep: PmEndpoint): string =>
  ep.port !== undefined ? `${ep.address}/${ep.port}` : ep.address;

/**
 * Deletes an endpoint and adds it again with the same id, address, interface and port but other
 * flags: subflow and signal cannot be changed in place (SET_FLAGS only knows backup, fullmesh).
 */
function replaceEndpoint(
  context: CheckContext,
  ep: PmEndpoint,
  flags: readonly EndpointFlag[],
): FixAction[] | null {
  const link =
    context.input.interfaces.find((l) => l.ifindex === ep.ifindex) ??
    context.facts.ownerOf(ep.address);
  if (!link) return null;
  return [
    { kind: 'endpoint-delete', id: ep.id, address: ep.address },
    {
      kind: 'endpoint-add',
      address: ep.address,
      ifindex: link.ifindex,
      ifname: link.name,
      flags: ordered(flags),
      id: ep.id,
      ...(ep.port !== undefined ? { port: ep.port } : {}),
    },
  ];
}

/** "subflow multipath [--netns NS] IF on": how a person turns a chosen mode back. */
const multipathCommand = (netns: string | null, name: string, mode: string): string =>
  ['subflow', 'multipath', name, mode, ...(netns !== null ? ['--netns', netns] : [])]
    .map(shellWord)
    .join(' ');

/** A sentence continued inside another one. */
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/** When a choice was made, for a summary: "2026-12-02 11:58 UTC". */
const chosenAt = (time: number): string =>
  `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** An interface the person set off: a note with the way back, never a fix Subflow applies. */
function offAsChosen(input: DoctorInput, link: InterfaceWithAddresses, choice: MultipathChoice) {
  const back = multipathCommand(input.netns, link.name, 'on');
  return diagnosis(input, {
    check: 'endpoint-missing',
    key: link.name,
    subject: link.name,
    severity: 'info',
    summary:
      `${link.name} has no MPTCP endpoint: multipath is off there, as you chose with ` +
      `'${multipathCommand(input.netns, link.name, choice.mode)}' (${chosenAt(choice.time)}), so ` +
      `no subflow is opened from it.`,
    plan: {
      description: `Turns multipath back on for ${link.name}.`,
      actions: [],
      manual: {
        commands: [back],
        reason: `multipath is off on ${link.name} by your choice, which Subflow does not undo: run '${back}' to turn it back on`,
      },
    },
  });
}

export const endpointMissing: Check = {
  name: 'endpoint-missing',
  applies: endpointsReadable,
  run: (context) => {
    const { input, facts } = context;
    if (facts.uplinks.length < 2) return [];
    const chosen = (link: InterfaceWithAddresses) =>
      input.choices.find((c) => c.interface === link.name);
    const lacking = facts.uplinks.filter((link) => facts.endpointsOf(link).length === 0);
    // Interfaces the person set off are settled; the others are judged among themselves.
    const unchosen = lacking.filter((link) => chosen(link)?.mode !== 'off');
    const settledOff = lacking.length - unchosen.length;
    return lacking.map((link) => {
      const choice = chosen(link);
      if (choice?.mode === 'off') return offAsChosen(input, link, choice);
      // A person who chose backup wants the endpoint back as a backup, not as a full path.
      const flags: EndpointFlag[] =
        choice?.mode === 'backup'
          ? [...requiredFlags(input.role), 'backup']
          : [...requiredFlags(input.role)];
      const addresses = usableAddresses(link);
      const defaultRoute = [4, 6].some((family) =>
        facts.mainDefaults(family as 4 | 6).some((r) => routeLeavesBy(r, link.ifindex)),
      );
      const onlyOne = unchosen.length === 1 && (facts.active.length > 0 || settledOff > 0);
      const primary = choice?.mode !== 'backup' && (defaultRoute || onlyOne);
      const why = defaultRoute
        ? 'it carries the default route'
        : settledOff > 0
          ? 'every other uplink has one or is off as you chose'
          : 'every other uplink has one';
      // What the added endpoints will need from source routing comes with them, so applying
      // this fix leaves nothing new to fix. They are bound to the interface (dev), so at worst
      // a note could follow; one whose gateway only a person knows stays that note.
      const routing = addresses
        .map((address) => sourceRoutingNeed(context, address, link, true))
        .filter((need): need is SourceRoutingNeed => need !== null && !need.plan.manual);
      // Two addresses of one family share the interface's table: its routes are added once.
      const routeActions = [
        ...new Map(
          routing.flatMap((need) => need.plan.actions).map((a) => [commandFor(a, null), a]),
        ).values(),
      ];
      return diagnosis(input, {
        check: 'endpoint-missing',
        key: link.name,
        subject: link.name,
        severity: primary ? 'info' : 'warning',
        summary:
          choice?.mode === 'backup'
            ? `${link.name} (${addresses.join(', ')}) has no MPTCP endpoint although you chose ` +
              `multipath backup there (${chosenAt(choice.time)}): something else removed it, so ` +
              `${link.name} is no backup path now.`
            : primary
              ? `${link.name} (${addresses.join(', ')}) has no MPTCP endpoint, which is fine while ` +
                `connections start there (${why}), but a connection started on another path never ` +
                `adds a subflow over ${link.name}.`
              : `${link.name} (${addresses.join(', ')}) has an address and a route but no MPTCP ` +
                'endpoint, so no subflow is ever opened from it: multipath is silently off there.',
        plan: {
          description:
            `Adds ${addresses.length === 1 ? 'an endpoint' : 'endpoints'} for ` +
            `${addresses.join(', ')} on ${link.name} with the ${flagList(flags)} ` +
            `flag${flags.length > 1 ? 's' : ''}` +
            (routeActions.length > 0
              ? `, and the source routing ${addresses.length === 1 ? 'it needs' : 'they need'} ` +
                `(${routing.map((need) => lowerFirst(need.plan.description)).join(' ')})`
              : '') +
            (input.listeners.length > 0 && input.role === 'client'
              ? ' (this host has MPTCP listeners: as a server, use role server to announce them too).'
              : '.'),
          actions: [
            ...addresses.map((address) => ({
              kind: 'endpoint-add' as const,
              address,
              ifindex: link.ifindex,
              ifname: link.name,
              flags,
            })),
            ...routeActions,
          ],
        },
      });
    });
  },
};

export const endpointStale: Check = {
  name: 'endpoint-stale',
  applies: endpointsReadable,
  run: ({ input, facts }) =>
    facts.managed
      .filter((ep) => facts.ownerOf(ep.address) === undefined)
      .map((ep) =>
        diagnosis(input, {
          check: 'endpoint-stale',
          key: endpointKey(ep),
          subject: ep.address,
          severity: 'warning',
          summary: `Endpoint ${named(ep)} names an address no interface has any more, so it can never carry a subflow.`,
          plan: {
            description: `Deletes endpoint ${named(ep)}.`,
            actions: [{ kind: 'endpoint-delete', id: ep.id, address: ep.address }],
          },
        }),
      ),
};

export const endpointNoFlags: Check = {
  name: 'endpoint-no-flags',
  applies: endpointsReadable,
  run: (context) => {
    const { input, facts } = context;
    const out: Diagnosis[] = [];
    for (const ep of facts.managed) {
      if (hasFlag(ep, 'subflow', 'signal') || facts.ownerOf(ep.address) === undefined) continue;
      // An endpoint with a port can only announce (signal); one without one opens subflows.
      const needed: readonly EndpointFlag[] =
        ep.port !== undefined ? ['signal'] : requiredFlags(input.role);
      const flags = ordered([...ep.flags, ...needed]);
      const actions = replaceEndpoint(context, ep, flags);
      out.push(
        diagnosis(input, {
          check: 'endpoint-no-flags',
          key: endpointKey(ep),
          subject: ep.address,
          severity: 'warning',
          summary: `Endpoint ${named(ep)} has neither the subflow nor the signal flag, so it opens no subflow and announces nothing.`,
          ...(actions
            ? {
                plan: {
                  description:
                    `Re-creates endpoint ${named(ep)} with the ${flagList(flags)} flag${flags.length > 1 ? 's' : ''} ` +
                    '(the flag cannot be added in place; subflows using it close).',
                  actions,
                },
              }
            : {}),
        }),
      );
    }
    return out;
  },
};

export const signalWithoutListener: Check = {
  name: 'signal-without-listener',
  applies: (input) => endpointsReadable(input) && input.role !== 'server',
  run: (context) => {
    const { input, facts } = context;
    if (input.listeners.length > 0) return [];
    const out: Diagnosis[] = [];
    for (const ep of facts.active) {
      if (!ep.flags.includes('signal') || ep.port !== undefined) continue;
      if (facts.ownerOf(ep.address) === undefined) continue;
      const alsoSubflow = ep.flags.includes('subflow');
      const flags = ordered([...ep.flags.filter((f) => f !== 'signal'), 'subflow']);
      const actions = replaceEndpoint(context, ep, flags);
      out.push(
        diagnosis(input, {
          check: 'signal-without-listener',
          key: endpointKey(ep),
          subject: ep.address,
          severity: alsoSubflow ? 'info' : 'warning',
          summary: alsoSubflow
            ? `Endpoint ${named(ep)} also announces its address (signal) although this host has no MPTCP listener: harmless, but only servers need signal.`
            : `Endpoint ${named(ep)} only announces its address (signal), but this host has no MPTCP listener and the endpoint opens no subflow itself, so it adds no path.`,
          ...(actions
            ? {
                plan: {
                  description:
                    `Re-creates endpoint ${named(ep)} with the ${flagList(flags)} ` +
                    `flag${flags.length > 1 ? 's' : ''} instead of signal (subflows using it close).`,
                  actions,
                },
              }
            : {}),
        }),
      );
    }
    return out;
  },
};
