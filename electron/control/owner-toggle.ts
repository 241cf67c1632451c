// A toggle on an interface whose endpoints another program owns. NetworkManager: the mode goes
// through the active profile's connection.mptcp-flags and `nmcli device reapply`, and the result
// is the kernel's endpoints once NetworkManager has set them. mptcpd: Subflow changes the
// endpoints itself (mptcpd has one global addr-flags, not one per interface) and says that
// mptcpd gives an address its own flags again when the address comes back.
import { execFile } from 'node:child_process';
import type { EndpointOwnerInfo, MultipathMode, MultipathResult } from '../contract.js';
import { ControlError } from './control-error.js';
import type { ControlKernel } from './control-kernel.js';
import { applyMultipath, rememberChoice } from './multipath.js';
import type { SetMultipathOptions } from './multipath.js';
import {
  applyArgs,
  deviceShowArgs,
  flagsForMode,
  flagsShowArgs,
  nmCannotExpress,
  parseDeviceShow,
  parseMptcpFlags,
  WITHOUT_DEFAULT_ROUTE,
} from './nm-flags.js';
import type { NmcliArgs } from './nm-flags.js';
import { endpointsShownOn, interfaceMode } from './read-back.js';

export interface NmcliOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}
export type Nmcli = (args: NmcliArgs) => Promise<NmcliOutput>;

/**
 * nmcli itself, killed after `timeoutMs`. It talks to NetworkManager over D-Bus, so the
 * namespace does not matter.
 */
export const nmcliWithin =
  (timeoutMs: number): Nmcli =>
  (args) =>
    new Promise((resolve) => {
      execFile('nmcli', [...args], { timeout: timeoutMs }, (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 127;
        resolve({ code, stdout, stderr: err !== null && stderr === '' ? err.message : stderr });
      });
    });

/** nmcli for a toggle: NetworkManager may take a while to modify and reapply a profile. */
export const runNmcli: Nmcli = nmcliWithin(10_000);

const FOLLOW_MS = 3000;

async function nmcliOk(nmcli: Nmcli, args: NmcliArgs): Promise<string> {
  const r = await nmcli(args);
  if (r.code !== 0) {
    throw new ControlError(
      'kernel',
      `nmcli ${args.join(' ')} failed (exit ${r.code}): ${r.stderr.trim() || 'no message'}; ` +
        'run it by hand to see what NetworkManager says',
    );
  }
  return r.stdout;
}

export interface OwnerToggleOptions extends SetMultipathOptions {
  readonly owner: EndpointOwnerInfo | null;
  readonly nmcli?: Nmcli;
  readonly followMs?: number;
}

/** Switches multipath of `name`, through its owner where it has one that can carry the mode. */
export async function setMultipathWithOwner(
  kernel: ControlKernel,
  name: string,
  mode: MultipathMode,
  options: OwnerToggleOptions,
): Promise<MultipathResult> {
  const { owner } = options;
  if (owner?.name === 'NetworkManager') {
    const nmcli = options.nmcli ?? runNmcli;
    const device = parseDeviceShow(await nmcliOk(nmcli, deviceShowArgs(name)));
    const cannot = nmCannotExpress(name, device, mode);
    if (cannot === null && device.profile !== null) {
      const result = await throughNetworkManager(
        kernel,
        nmcli,
        name,
        device.profile,
        mode,
        options,
      );
      // Kept for the profile (NetworkManager keeps its flags there too), by UUID where nmcli said.
      const profile = device.uuid !== null ? { uuid: device.uuid, name: device.profile } : null;
      const remember = options.remember && { ...options.remember, profile };
      const unremembered = await rememberChoice(remember, name, result.mode);
      return unremembered ? { ...result, notes: [...result.notes, unremembered] } : result;
    }
    if (device.state !== 10) throw new ControlError('bad-request', cannot ?? 'no profile');
    const result = await applyMultipath(kernel, name, mode, options);
    return { ...result, notes: [...result.notes, cannot ?? ''] };
  }
  const result = await applyMultipath(kernel, name, mode, options);
  if (owner?.name !== 'mptcpd') return result;
  return {
    ...result,
    notes: [
      ...result.notes,
      `mptcpd manages the endpoints here and has one addr-flags for every address ` +
        `(/etc/mptcpd/mptcpd.conf): when an address of ${name} comes back, mptcpd gives it ` +
        'those flags again and Subflow leaves them',
    ],
  };
}

async function throughNetworkManager(
  kernel: ControlKernel,
  nmcli: Nmcli,
  name: string,
  profile: string,
  mode: MultipathMode,
  options: OwnerToggleOptions,
): Promise<MultipathResult> {
  const current = parseMptcpFlags(await nmcliOk(nmcli, flagsShowArgs(profile)));
  const flags = flagsForMode(mode, options.role ?? 'client', current);
  for (const args of applyArgs(profile, name, flags)) await nmcliOk(nmcli, args);
  // NetworkManager sets the endpoints after the reapply: the kernel's answer, when it comes.
  const until = Date.now() + (options.followMs ?? FOLLOW_MS);
  for (;;) {
    const sample = await kernel.call('sample', { fresh: true });
    const endpoints = await kernel.call('listEndpoints', null);
    const link = sample.interfaces.find((i) => i.name === name);
    const got = link ? interfaceMode(sample.interfaces, endpoints, link.ifindex) : 'off';
    if (got === mode || Date.now() >= until) {
      if (got !== mode) {
        throw new ControlError(
          'kernel',
          `NetworkManager took connection.mptcp-flags ${flags.join(',')} for profile ` +
            `${profile}, but after ${(options.followMs ?? FOLLOW_MS) / 1000} s the kernel still ` +
            `reports ${got} on ${name}: check 'nmcli device show ${name}' and its log`,
        );
      }
      return {
        interface: name,
        mode: got,
        endpoints: endpointsShownOn(sample.interfaces, endpoints, name),
        notes: [
          `set through NetworkManager: profile ${profile} now has connection.mptcp-flags ` +
            `${flags.join(',')} (it keeps them for the next connection too)`,
          ...(flags.includes(WITHOUT_DEFAULT_ROUTE) && !current.includes(WITHOUT_DEFAULT_ROUTE)
            ? [
                `${WITHOUT_DEFAULT_ROUTE} was added: without it NetworkManager gives endpoints ` +
                  'only to a device that has the default route',
              ]
            : []),
        ],
      };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
