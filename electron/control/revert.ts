// Notices when something else on the host (NetworkManager, mptcpd, a script) puts an interface's
// endpoints back within a few seconds of a multipath change, and says what it changed. The
// comparison is pure; `watchForRevert` is a thin loop of endpoint reads with an injectable sleep.
import { setTimeout as delay } from 'node:timers/promises';
import type { Endpoint, MultipathMode } from '../contract.js';
import type { PmEndpoint } from '../../native/mptcp-pm/endpoints.js';
import type { InterfaceWithAddresses } from '../../native/rtnl/interfaces.js';
import type { ControlKernel } from './control-kernel.js';
import { findInterface } from './multipath.js';
import { describeEndpoint, endpointsShownOn, interfaceMode } from './read-back.js';

/** Default check times, in ms after the change. */
export const REVERT_CHECKS_MS: readonly number[] = [1000, 3000, 6000];

export interface RevertInput {
  readonly interfaceName: string;
  /** The mode the change left the interface in. */
  readonly expectedMode: MultipathMode;
  readonly interfaces: readonly InterfaceWithAddresses[];
  /** Every endpoint right after the change (read back). */
  readonly before: readonly PmEndpoint[];
  /** Every endpoint now. */
  readonly after: readonly PmEndpoint[];
  /** Time since the change, in ms. */
  readonly elapsedMs: number;
}

const key = (ep: Endpoint): string => `${ep.id} ${ep.address} ${ep.port ?? 0}`;

/** What happened to the interface's endpoints between two reads, one clause per endpoint. */
export function endpointChanges(before: readonly Endpoint[], after: readonly Endpoint[]): string[] {
  const was = new Map(before.map((ep) => [key(ep), ep]));
  const now = new Map(after.map((ep) => [key(ep), ep]));
  const out: string[] = [];
  for (const [k, ep] of now) {
    const old = was.get(k);
    if (!old) out.push(`endpoint ${describeEndpoint(ep)} was added`);
    else if (old.flags.join() !== ep.flags.join()) {
      out.push(
        `endpoint id ${ep.id} ${ep.address} changed from ${old.flags.join(', ') || 'no flags'} ` +
          `to ${ep.flags.join(', ') || 'no flags'}`,
      );
    }
  }
  for (const [k, ep] of was) {
    if (!now.has(k)) out.push(`endpoint ${describeEndpoint(ep)} was removed`);
  }
  return out;
}

/**
 * A sentence saying that the interface is no longer in the expected mode and what changed, or
 * null while it still is.
 */
export function describeRevert(input: RevertInput): string | null {
  const link = input.interfaces.find((i) => i.name === input.interfaceName);
  if (!link) return null;
  const mode = interfaceMode(input.interfaces, input.after, link.ifindex);
  if (mode === input.expectedMode) return null;
  const changes = endpointChanges(
    endpointsShownOn(input.interfaces, input.before, link.name),
    endpointsShownOn(input.interfaces, input.after, link.name),
  );
  const seconds = Math.max(1, Math.round(input.elapsedMs / 1000));
  const what = changes.length > 0 ? `: ${changes.join('; ')}` : '';
  return (
    `${link.name} is ${mode} again ${seconds} s after it was set to ${input.expectedMode}${what}. ` +
    'Something else on this host manages MPTCP endpoints (NetworkManager or mptcpd?): ' +
    `change ${link.name} there, or stop it from managing MPTCP endpoints`
  );
}

export interface WatchOptions {
  /** When to re-read, in ms after the call; default 1000, 3000, 6000. */
  readonly checksAtMs?: readonly number[];
  /** Waits `ms`; injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Interfaces of the namespace; a sample is taken when absent. */
  readonly interfaces?: readonly InterfaceWithAddresses[];
  /** Endpoints right after the change; read at the start when absent. */
  readonly baseline?: readonly PmEndpoint[];
}

/**
 * Re-reads the endpoints at each check time and returns the first revert sentence, or null
 * when the interface stayed in `expectedMode` through the last check. Kernel failures reject.
 */
export async function watchForRevert(
  kernel: ControlKernel,
  interfaceName: string,
  expectedMode: MultipathMode,
  options: WatchOptions = {},
): Promise<string | null> {
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const checks = [...(options.checksAtMs ?? REVERT_CHECKS_MS)].sort((a, b) => a - b);
  const interfaces = options.interfaces ?? (await kernel.call('sample', null)).interfaces;
  findInterface(interfaces, interfaceName);
  const before = options.baseline ?? (await kernel.call('listEndpoints', null));
  let elapsed = 0;
  for (const at of checks) {
    if (at > elapsed) await sleep(at - elapsed);
    elapsed = Math.max(elapsed, at);
    const after = await kernel.call('listEndpoints', null);
    const sentence = describeRevert({
      interfaceName,
      expectedMode,
      interfaces,
      before,
      after,
      elapsedMs: elapsed,
    });
    if (sentence !== null) return sentence;
  }
  return null;
}
