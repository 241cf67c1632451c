// `multipath IFNAME on|off|backup`: checks the request against a fresh kernel sample, runs the
// planned endpoint changes in order on the namespace's kernel thread, then reads the endpoints
// back and reports the mode the monitor derives from them — the kernel's answer, not the request.
import { MULTIPATH_MODES } from '../contract.js';
import type { MultipathMode, MultipathResult } from '../contract.js';
import type { RawSample } from '../../native/kernel/sample.js';
import type { PmEndpoint } from '../../native/mptcp-pm/endpoints.js';
import type { InterfaceWithAddresses } from '../../native/rtnl/interfaces.js';
import { isLoopback } from '../monitor/interfaces.js';
import { interfaceNameProblem } from '../validation.js';
import type { NmProfile } from './choices.js';
import type { ChoiceStore } from './choices-file.js';
import { ControlError } from './control-error.js';
import type { ControlKernel } from './control-kernel.js';
import { setLegacyMultipath } from './legacy.js';
import { planNotes, staleNote } from './notes.js';
import { planMultipath } from './plan.js';
import type { EndpointAction, HostRole, MultipathPlan } from './plan.js';
import { describeEndpoints, endpointsShownOn, interfaceMode } from './read-back.js';
import { runInOrder } from './run-in-order.js';

export interface SetMultipathOptions {
  /** 'server' also announces the addresses (`signal`). Default 'client'. */
  readonly role?: HostRole;
  /**
   * Where to remember the person's choice once the kernel reads it back (the doctor then
   * respects it), and the namespace it is for. Not remembered when absent.
   */
  readonly remember?: {
    readonly store: ChoiceStore;
    readonly netns: string | null;
    /** The device's active NetworkManager profile: the choice is then kept for it. */
    readonly profile?: NmProfile | null;
  };
  /**
   * Told every endpoint the kernel reports after the change (the read-back), so the caller can
   * record what the change left without asking the kernel again.
   */
  readonly onReadBack?: (endpoints: readonly PmEndpoint[]) => void;
}

const ROLES: readonly HostRole[] = ['client', 'server'];

/** Refuses a bad mode, role or interface name before anything is read. */
function checkRequest(name: string, mode: MultipathMode, role: HostRole): void {
  if (!MULTIPATH_MODES.includes(mode)) {
    throw new ControlError(
      'bad-request',
      `unknown multipath mode ${JSON.stringify(mode)}: use on, off or backup`,
    );
  }
  if (!ROLES.includes(role)) {
    throw new ControlError(
      'bad-request',
      `unknown role ${JSON.stringify(role)}: use client or server`,
    );
  }
  const problem = interfaceNameProblem(name);
  if (problem !== null) {
    throw new ControlError('bad-request', `interface name ${JSON.stringify(name)} ${problem}`);
  }
}

/** The named interface of the sample; ControlError 'not-found' listing the known names. */
export function findInterface(
  interfaces: readonly InterfaceWithAddresses[],
  name: string,
): InterfaceWithAddresses {
  const link = interfaces.find((i) => i.name === name);
  if (link) return link;
  const known = interfaces.map((i) => i.name).join(', ') || 'none';
  throw new ControlError('not-found', `there is no interface named ${name} here (known: ${known})`);
}

/** Why the kernel cannot switch multipath at all, as a ControlError; undefined when it can. */
export function kernelRefusal(
  kernel: RawSample['kernel'],
  link: InterfaceWithAddresses,
): ControlError | undefined {
  if (isLoopback(link)) {
    return new ControlError(
      'bad-request',
      `${link.name} is the loopback interface: it carries only local traffic, so multipath does not apply`,
    );
  }
  if (kernel.mptcp === 'unavailable' || !kernel.enabled) {
    return new ControlError(
      'mptcp-unavailable',
      kernel.reason ?? 'MPTCP is not available on this kernel',
    );
  }
  if (kernel.mptcp === 'upstream' && kernel.pathManager === 'userspace') {
    return new ControlError(
      'mptcp-unavailable',
      'the userspace path manager is in charge (net.mptcp.path_manager = userspace), so endpoints ' +
        'are not used: switch multipath in the program that manages paths (e.g. mptcpd), or set ' +
        'net.mptcp.path_manager = kernel',
    );
  }
  return undefined;
}

/** One action on the kernel thread. */
async function runAction(kernel: ControlKernel, action: EndpointAction): Promise<void> {
  switch (action.kind) {
    case 'add':
      await kernel.call('addEndpoint', {
        address: action.address,
        ifindex: action.ifindex,
        flags: action.flags,
        ...(action.id !== undefined ? { id: action.id } : {}),
        ...(action.port !== undefined ? { port: action.port } : {}),
      });
      return;
    case 'delete':
      await kernel.call('deleteEndpoint', { id: action.id });
      return;
    case 'setFlags':
      await kernel.call('setEndpointFlags', {
        target: { id: action.id },
        change: { backup: action.backup },
      });
      return;
  }
}

const describeAction = (a: EndpointAction): string =>
  a.kind === 'add'
    ? `add ${a.address}`
    : a.kind === 'delete'
      ? `delete id ${a.id}`
      : `set id ${a.id} ${a.backup ? 'backup' : 'nobackup'}`;

/**
 * Runs the actions in order. The first failure stops the run: alone it propagates unchanged
 * (e.g. the permission error), after earlier changes it says which were made.
 */
export async function runPlan(kernel: ControlKernel, plan: MultipathPlan): Promise<void> {
  await runInOrder(plan.actions, (action) => runAction(kernel, action), {
    describe: describeAction,
    consequence: `${plan.interface} may be half switched: run the same change again`,
  });
}

/**
 * Switches multipath of interface `name` in the kernel thread's namespace and returns the
 * result read back from the kernel. For untrusted input (the CLI, tests): refuses a bad mode,
 * role or name first. Throws ControlError ('bad-request', 'not-found', 'mptcp-unavailable', or
 * 'kernel' when the read-back mode is not the one asked for) or the kernel thread's
 * KernelFailure (e.g. code 'permission' without CAP_NET_ADMIN) unchanged.
 */
export async function setMultipath(
  kernel: ControlKernel,
  name: string,
  mode: MultipathMode,
  options: SetMultipathOptions = {},
): Promise<MultipathResult> {
  checkRequest(name, mode, options.role ?? 'client');
  return applyMultipath(kernel, name, mode, options);
}

/**
 * {@link setMultipath} for a request Host.invoke has already validated against the contract's
 * schema (name, mode) with a role the host was built with: nothing is checked twice.
 */
export async function applyMultipath(
  kernel: ControlKernel,
  name: string,
  mode: MultipathMode,
  options: SetMultipathOptions = {},
): Promise<MultipathResult> {
  const role = options.role ?? 'client';
  const sample = await kernel.call('sample', { fresh: true });
  const link = findInterface(sample.interfaces, name);
  const refusal = kernelRefusal(sample.kernel, link);
  if (refusal) throw refusal;
  if (sample.kernel.mptcp === 'legacy') return setLegacyMultipath(kernel, link, mode);

  const endpoints = await kernel.call('listEndpoints', null);
  const plan = planMultipath({
    interface: link,
    interfaces: sample.interfaces,
    endpoints,
    mode,
    role,
  });
  await runPlan(kernel, plan);

  const readBack = await kernel.call('listEndpoints', null);
  options.onReadBack?.(readBack);
  const shown = endpointsShownOn(sample.interfaces, readBack, name);
  const got = interfaceMode(sample.interfaces, readBack, link.ifindex);
  if (got !== mode) {
    const stale = plan.stale.map((ep) => ` (${staleNote(name, ep)})`).join('');
    throw new ControlError(
      'kernel',
      `asked for multipath ${mode} on ${name}, but the kernel now reports ${got}: ` +
        `${describeEndpoints(shown)}${stale}; something else (NetworkManager, mptcpd) may be ` +
        'changing endpoints at the same time',
    );
  }
  const notes = planNotes(plan, role, readBack);
  const unremembered = await rememberChoice(options.remember, name, got);
  return {
    interface: name,
    mode: got,
    endpoints: shown,
    notes: unremembered ? [...notes, unremembered] : notes,
  };
}

/**
 * Records a change that was made and read back. The change stands even when this fails, so the
 * failure is a note (what happened, what follows, what to do), never an error.
 */
export async function rememberChoice(
  remember: SetMultipathOptions['remember'],
  name: string,
  mode: MultipathMode,
): Promise<string | undefined> {
  if (!remember) return undefined;
  try {
    await remember.store.remember(remember.netns, name, mode, remember.profile);
    return undefined;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return (
      `multipath ${mode} on ${name} is set, but the choice could not be remembered in ` +
      `${remember.store.path} (${why}), so 'subflow doctor' may propose to undo it: make the ` +
      'directory writable for this process (or set SUBFLOW_CONFIG_DIR) and switch again'
    );
  }
}
