// Checks of the kernel itself and of who drives the path manager: no MPTCP, MPTCP disabled, the
// out-of-tree multipath-tcp.org kernel and its path manager, the userspace path manager without
// a daemon, and mptcpd / NetworkManager that may undo endpoint changes. Pure.
import type { PathManagerProgram } from '../../native/kernel/doctor-ops.js';
import { diagnosis, isUpstream } from './check.js';
import type { Check, Diagnosis } from './check.js';
import type { DoctorInput } from './doctor-input.js';

const hasMptcp = (input: DoctorInput): boolean => input.kernel.mptcp !== 'unavailable';

export const mptcpUnavailable: Check = {
  name: 'mptcp-unavailable',
  applies: () => true,
  run: ({ input }) =>
    input.kernel.mptcp !== 'unavailable'
      ? []
      : [
          diagnosis(input, {
            check: 'mptcp-unavailable',
            key: 'kernel',
            severity: 'error',
            summary:
              `This kernel (${input.kernel.release}) has no MPTCP, so every connection is plain ` +
              `TCP${input.kernel.reason !== undefined ? ` (${input.kernel.reason})` : ''}.`,
            plan: {
              description:
                'Boot a Linux 5.6 or newer kernel built with CONFIG_MPTCP=y, as the kernels of ' +
                'current distributions are.',
              actions: [],
              manual: {
                commands: [],
                reason: 'it needs another kernel, which Subflow cannot install',
              },
            },
          }),
        ],
};

export const mptcpDisabled: Check = {
  name: 'mptcp-disabled',
  applies: hasMptcp,
  run: ({ input }) => {
    const legacy = input.kernel.mptcp === 'legacy';
    const disabled = legacy
      ? input.sysctls?.legacy?.enabled === 0
      : input.sysctls?.enabled === false || !input.kernel.enabled;
    if (!disabled) return [];
    const name = legacy ? 'mptcp_enabled' : 'enabled';
    return [
      diagnosis(input, {
        check: 'mptcp-disabled',
        key: `net.mptcp.${name}`,
        subject: `net.mptcp.${name}`,
        severity: 'error',
        summary: `net.mptcp.${name} is 0, so programs that ask for MPTCP get plain TCP.`,
        plan: {
          description: `Sets net.mptcp.${name} to 1 in this namespace (new sockets may use MPTCP).`,
          actions: [{ kind: 'sysctl', path: ['net', 'mptcp', name], value: '1' }],
        },
      }),
    ];
  },
};

export const legacyKernel: Check = {
  name: 'legacy-kernel',
  applies: (input) => input.kernel.mptcp === 'legacy',
  run: ({ input }) => {
    const out: Diagnosis[] = [
      diagnosis(input, {
        check: 'legacy-kernel',
        key: 'kernel',
        severity: 'info',
        summary:
          'This is the out-of-tree multipath-tcp.org kernel: multipath is switched per interface ' +
          "('ip link set dev IF multipath on|off|backup'), and endpoints and limits do not exist.",
      }),
    ];
    const pm = input.sysctls?.legacy?.pathManager;
    if (pm === 'default') {
      out.push(
        diagnosis(input, {
          check: 'legacy-path-manager',
          key: 'net.mptcp.mptcp_path_manager',
          subject: 'net.mptcp.mptcp_path_manager',
          severity: 'warning',
          summary:
            "The legacy kernel's path manager is 'default', which never opens a second subflow.",
          plan: {
            description:
              'Sets net.mptcp.mptcp_path_manager to fullmesh (a subflow between every pair of ' +
              'addresses) for new connections.',
            actions: [
              { kind: 'sysctl', path: ['net', 'mptcp', 'mptcp_path_manager'], value: 'fullmesh' },
            ],
          },
        }),
      );
    }
    return out;
  },
};

/** Running programs by name that may act on this namespace (not known to be elsewhere). */
function managersHere(input: DoctorInput): Map<PathManagerProgram, number[]> {
  const out = new Map<PathManagerProgram, number[]>();
  for (const p of input.processes) {
    if (p.sameNetns === false) continue;
    out.set(p.name, [...(out.get(p.name) ?? []), p.pid]);
  }
  return out;
}

export const userspacePmWithoutDaemon: Check = {
  name: 'userspace-pm-no-daemon',
  applies: isUpstream,
  run: ({ input }) => {
    if (input.kernel.pathManager !== 'userspace' || managersHere(input).has('mptcpd')) return [];
    const byName = input.sysctls?.pathManager !== undefined;
    const name = byName ? 'path_manager' : 'pm_type';
    return [
      diagnosis(input, {
        check: 'userspace-pm-no-daemon',
        key: `net.mptcp.${name}`,
        subject: `net.mptcp.${name}`,
        severity: 'error',
        summary:
          'The userspace path manager is selected but no mptcpd runs in this namespace to drive ' +
          'it, so connections never get a second subflow and endpoints are ignored.',
        plan: {
          description:
            `Sets net.mptcp.${name} to ${byName ? 'kernel' : '0'}: the in-kernel path manager ` +
            'takes over new connections and uses the endpoints.',
          actions: [
            { kind: 'sysctl', path: ['net', 'mptcp', name], value: byName ? 'kernel' : '0' },
          ],
        },
      }),
    ];
  },
};

export const endpointManagers: Check = {
  name: 'endpoint-manager',
  applies: hasMptcp,
  run: ({ input }) => {
    const out: Diagnosis[] = [];
    const userspace = input.kernel.pathManager === 'userspace';
    for (const [name, pids] of managersHere(input)) {
      const unsure = input.processes.some((p) => p.name === name && p.sameNetns === null);
      const where = unsure ? 'on this host (its namespace could not be read)' : 'here';
      const which = `${name} runs ${where} (pid ${pids.join(', ')})`;
      const summary =
        name === 'mptcpd' && userspace
          ? `${which} and drives the userspace path manager: paths are chosen there, not by endpoints.`
          : name === 'mptcpd'
            ? `${which}: it adds and removes MPTCP endpoints as addresses come and go, so changes made with Subflow or ip may be undone.`
            : `${which}: version 1.40 and later manages the MPTCP endpoints of its interfaces, so changes made with Subflow or ip may be undone.`;
      const plan =
        name === 'NetworkManager'
          ? {
              description:
                'Stop NetworkManager from managing MPTCP endpoints of a connection, so that ' +
                "Subflow's changes stay.",
              actions: [],
              manual: {
                commands: ['nmcli connection modify CONNECTION connection.mptcp-flags disabled'],
                reason:
                  'Subflow does not reconfigure NetworkManager: put the connection name in place ' +
                  'of CONNECTION',
              },
            }
          : undefined;
      out.push(
        diagnosis(input, {
          check: 'endpoint-manager',
          key: name,
          subject: name,
          severity: 'info',
          summary,
          ...(plan ? { plan } : {}),
        }),
      );
    }
    return out;
  },
};
