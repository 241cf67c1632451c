// Re-applying remembered multipath choices when an interface or its address comes back. The
// pure part: which interfaces a batch of rtnetlink notifications brought back, and whether (and
// why not) to re-apply a remembered mode to one of them. The I/O is in reapply-watch.ts.
import type { MultipathMode } from '../contract.js';
import type { LinkOrAddressChange } from '../../native/kernel/link-watch.js';
import type { InterfaceWithAddresses } from '../../native/rtnl/interfaces.js';
import { usableForMptcp } from '../../native/rtnl/interfaces.js';
import { choiceInForce, rememberedFor } from './choices.js';
import type { MultipathChoice, NmProfile } from './choices.js';

/** What came back: interface indexes, with the words of why, for the action event. */
export type Comebacks = ReadonlyMap<number, string>;

/**
 * The interfaces a batch of notifications brought (back): a link announced up, or a global (or
 * site) address added that has finished duplicate address detection — the kinds an endpoint is
 * made for. Removals, downs and link-local addresses bring nothing back.
 * Several notifications of one interface keep the most telling reason (an address over "up").
 */
export function comebacks(changes: readonly LinkOrAddressChange[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const c of changes) {
    if (c.change !== 'new') continue;
    if (c.kind === 'link') {
      if (c.up && !out.has(c.ifindex)) out.set(c.ifindex, `${c.name} came up`);
    } else if (!c.tentative && (c.scope === 'global' || c.scope === 'site')) {
      out.set(c.ifindex, `the address ${c.address} appeared`);
    }
  }
  return out;
}

/**
 * What a start finds, as if it had just come back: every interface up, with the words of why
 * ("at start, blue-c was up with 203.0.113.1"). decideReapply then keeps only those with a
 * remembered mode that is not in force, as it does for a comeback.
 */
export function startComebacks(links: readonly InterfaceWithAddresses[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const link of links) {
    if (!link.up) continue;
    const usable = link.addressDetails.filter(usableForMptcp).map((a) => a.address);
    const withAddresses = usable.length > 0 ? ` with ${usable.join(', ')}` : '';
    out.set(link.ifindex, `at start, ${link.name} was up${withAddresses}`);
  }
  return out;
}

/** Merges a later batch into what is waiting; the later reason of one interface wins. */
export function mergeComebacks(a: Comebacks, b: Comebacks): Map<number, string> {
  return new Map([...a, ...b]);
}

/** Who manages an interface's endpoints besides Subflow; null when nobody does. */
export interface EndpointOwner {
  readonly name: 'NetworkManager' | 'mptcpd';
  /** One sentence: how Subflow knows, and what to change there instead. */
  readonly detail: string;
}

export type ReapplyDecision =
  | { readonly kind: 'apply'; readonly choice: MultipathChoice }
  /** A reason worth an event: the remembered mode is not in force and Subflow leaves it so. */
  | { readonly kind: 'leave'; readonly choice: MultipathChoice; readonly reason: string }
  /** Nothing to do or say (no choice, already in force, not usable yet). */
  | { readonly kind: 'none' };

export interface ReapplyInput {
  readonly choices: readonly MultipathChoice[];
  readonly netns: string | null;
  readonly link: InterfaceWithAddresses;
  /** The mode the monitor derives from the endpoints now. */
  readonly current: MultipathMode;
  readonly owner: EndpointOwner | null;
  /** The device's active NetworkManager profile; null or absent when none is known. */
  readonly profile?: NmProfile | null;
}

/**
 * Whether to re-apply the remembered mode in force for a link that came back (or was found up at
 * start). Never when another program owns its endpoints: that owner just made (or deleted) them,
 * and re-creating what it deleted would start a fight. An "on" or "backup" needs a usable
 * address; "off" needs none.
 */
export function decideReapply(input: ReapplyInput): ReapplyDecision {
  const { link } = input;
  const choice = choiceInForce(input.choices, input.netns, link.name, input.profile ?? null);
  if (choice === undefined || choice.mode === input.current || !link.up) return { kind: 'none' };
  if (choice.mode !== 'off' && !link.addressDetails.some(usableForMptcp)) return { kind: 'none' };
  if (input.owner !== null) {
    return {
      kind: 'leave',
      choice,
      reason:
        `${input.owner.name} manages the endpoints of ${link.name} (${input.owner.detail}), so ` +
        `Subflow does not re-apply the ${choice.mode} remembered ${rememberedFor(choice)} over ` +
        `them (it is ${input.current} ` +
        `now): set the mode in ${input.owner.name}, or forget the remembered choice`,
    };
  }
  return { kind: 'apply', choice };
}
