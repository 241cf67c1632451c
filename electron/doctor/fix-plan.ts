// A fix as data: the exact kernel changes it makes (FixAction), and the shell commands a person
// would type for the same changes, rendered from those very actions so that what is shown is
// what runs. `ip -n NS …` and `ip netns exec NS sysctl …` when a namespace is examined. Pure.
import { subflowCommand } from '../../native/invocation.js';
import type { DoctorFix } from '../contract.js';
import type { EndpointFlag } from '../../native/mptcp-pm/constants.js';

/** Write one sysctl of the namespace (path segments under /proc/sys). */
export interface SysctlAction {
  readonly kind: 'sysctl';
  readonly path: readonly string[];
  readonly value: string;
}

/** Set one or both path-manager limits; the other keeps its value. */
export interface LimitsAction {
  readonly kind: 'limits';
  readonly subflows?: number;
  readonly addAddrAccepted?: number;
}

/** Create an endpoint (`ip mptcp endpoint add`). */
export interface EndpointAddAction {
  readonly kind: 'endpoint-add';
  readonly address: string;
  readonly ifindex: number;
  /** For the command: the interface's name. */
  readonly ifname: string;
  readonly flags: readonly EndpointFlag[];
  readonly id?: number;
  readonly port?: number;
}

/** Remove an endpoint by id. */
export interface EndpointDeleteAction {
  readonly kind: 'endpoint-delete';
  readonly id: number;
  /** For messages only. */
  readonly address: string;
}

/** `ip rule add from ADDR table T`. */
export interface RuleAddAction {
  readonly kind: 'rule-add';
  readonly family: 4 | 6;
  readonly from: string;
  readonly fromLength: number;
  readonly table: number;
}

/** `ip route add DST via GW dev IF table T` (DST null = default). */
export interface RouteAddAction {
  readonly kind: 'route-add';
  readonly family: 4 | 6;
  readonly dst: string | null;
  readonly dstLength: number;
  readonly gateway?: string;
  readonly ifindex: number;
  readonly ifname: string;
  readonly table: number;
}

export type FixAction =
  | SysctlAction
  | LimitsAction
  | EndpointAddAction
  | EndpointDeleteAction
  | RuleAddAction
  | RouteAddAction;

/** How a finding is fixed, before it is turned into the contract's DoctorFix. */
export interface FixPlan {
  /** One sentence: what the fix changes (and only that). */
  readonly description: string;
  /** The changes, in order. Empty when Subflow cannot make them (see `manual`). */
  readonly actions: readonly FixAction[];
  /** Steps only a person can take: their commands (after the actions') and why. */
  readonly manual?: { readonly commands: readonly string[]; readonly reason: string };
}

const PLAIN_WORD = /^[A-Za-z0-9_.:/=@%+,-]+$/;

/** A word as a POSIX shell reads it back unchanged: bare when plain, else single-quoted. */
export const shellWord = (word: string): string =>
  PLAIN_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;

/** The sysctl(8) name of a /proc/sys path: dots inside a segment (eth0.100) become slashes. */
export const sysctlName = (path: readonly string[]): string =>
  path.map((segment) => segment.replaceAll('.', '/')).join('.');

const ip = (netns: string | null, ...words: string[]): string =>
  ['ip', ...(netns !== null ? ['-n', netns] : []), ...words].map(shellWord).join(' ');

const prefixText = (address: string, length: number, family: 4 | 6): string =>
  length === (family === 4 ? 32 : 128) ? address : `${address}/${length}`;

/** The shell command that makes the same change as `action`. */
export function commandFor(action: FixAction, netns: string | null): string {
  switch (action.kind) {
    case 'sysctl': {
      const words = ['sysctl', '-w', `${sysctlName(action.path)}=${action.value}`];
      const full = netns !== null ? ['ip', 'netns', 'exec', netns, ...words] : words;
      return full.map(shellWord).join(' ');
    }
    case 'limits':
      return ip(
        netns,
        ...['mptcp', 'limits', 'set'],
        ...(action.subflows !== undefined ? ['subflows', String(action.subflows)] : []),
        ...(action.addAddrAccepted !== undefined
          ? ['add_addr_accepted', String(action.addAddrAccepted)]
          : []),
      );
    case 'endpoint-add':
      return ip(
        netns,
        ...['mptcp', 'endpoint', 'add', action.address, 'dev', action.ifname],
        ...(action.id !== undefined ? ['id', String(action.id)] : []),
        ...(action.port !== undefined ? ['port', String(action.port)] : []),
        ...action.flags,
      );
    case 'endpoint-delete':
      return ip(netns, 'mptcp', 'endpoint', 'delete', 'id', String(action.id));
    case 'rule-add':
      return ip(
        netns,
        ...(action.family === 6 ? ['-6'] : []),
        ...['rule', 'add', 'from', prefixText(action.from, action.fromLength, action.family)],
        ...['table', String(action.table)],
      );
    case 'route-add':
      return ip(
        netns,
        ...(action.family === 6 ? ['-6'] : []),
        ...['route', 'add'],
        action.dst === null ? 'default' : `${action.dst}/${action.dstLength}`,
        ...(action.gateway !== undefined ? ['via', action.gateway] : []),
        ...['dev', action.ifname, 'table', String(action.table)],
      );
  }
}

/** Where a fix is shown: the namespace, whether it may be applied, and the finding's id. */
export interface FixContext {
  readonly netns: string | null;
  readonly privileged: boolean;
  readonly id: string;
}

/** A `subflow doctor` command line acting on the same namespace. */
export const doctorCommandLine = (netns: string | null, ...args: string[]): string =>
  [...subflowCommand().split(' '), 'doctor', ...(netns !== null ? ['--netns', netns] : []), ...args]
    .map(shellWord)
    .join(' ');

/** The contract's DoctorFix of a plan: commands, and whether this host can apply it now. */
export function toDoctorFix(plan: FixPlan, context: FixContext): DoctorFix {
  const commands = [
    ...plan.actions.map((a) => commandFor(a, context.netns)),
    ...(plan.manual?.commands ?? []),
  ];
  let reason: string | undefined;
  if (plan.manual) reason = plan.manual.reason;
  else if (plan.actions.length === 0) reason = 'there is nothing Subflow can change for this';
  else if (!context.privileged) {
    reason =
      'applying it needs CAP_NET_ADMIN, which this process lacks: run the commands as root, ' +
      `or '${doctorCommandLine(context.netns, '--apply', context.id)}' as root`;
  }
  return {
    description: plan.description,
    commands,
    applicable: reason === undefined,
    ...(reason !== undefined ? { notApplicableReason: reason } : {}),
  };
}
