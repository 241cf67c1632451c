// `subflow multipath IFNAME on|off|backup`: switch multipath for one interface and print the
// state read back from the kernel (and, for 'off', that routed traffic still flows there).
import { MULTIPATH_MODES } from '../contract.js';
import type { MultipathMode } from '../contract.js';
import { choiceStore, controlKernel, interfaceMode, setMultipath } from '../control/index.js';
import { KernelClient } from '../../native/kernel/kernel-client.js';
import type { Command } from './command.js';
import { UsageError, parseCommandLine } from './command.js';
import { runLoggedChange } from './logged-change.js';
import { ROLE_HELP, readMonitorOptions, readRole } from './monitor-options.js';
import { writeOut } from '../terminal-text.js';

const HELP = `Usage: subflow multipath IFNAME on|off|backup [--netns NAME] [--role ROLE] [--json]

Switches Multipath TCP for one interface by changing the path manager's endpoints
for its addresses (needs CAP_NET_ADMIN):
  on       an endpoint per address with the subflow flag: new subflows use it
  backup   the same endpoints flagged backup: live subflows are told (MP_PRIO) and
           carry traffic only when no other path can
  off      no endpoint for the interface: no new subflows there (traffic that
           routing sends there still flows)
Prints the state read back from the kernel, and remembers the choice in
\${SUBFLOW_CONFIG_DIR:-/etc/subflow}/multipath-choices.json so that
'subflow doctor' respects it instead of proposing to undo it.

Options:
  --netns NAME      act in the named network namespace
  --json            the result as JSON
${ROLE_HELP}`;

export const multipathCommand: Command = {
  name: 'multipath',
  summary: 'switch multipath on, off or backup for an interface (needs CAP_NET_ADMIN)',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandLine(argv, {
      netns: { type: 'string' },
      role: { type: 'string' },
      json: { type: 'boolean' },
    });
    const [name, mode, ...extra] = positionals;
    if (name === undefined || mode === undefined) {
      throw new UsageError(
        "usage: subflow multipath IFNAME on|off|backup (see 'subflow multipath --help')",
      );
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0] ?? ''}'`);
    if (!(MULTIPATH_MODES as readonly string[]).includes(mode)) {
      throw new UsageError(`unknown mode '${mode}': use on, off or backup`);
    }
    const { netns } = readMonitorOptions(values);
    const role = readRole(values.role);
    const kernel = new KernelClient({ netns });
    try {
      const was = await modeNow(kernel, name);
      const result = await runLoggedChange({
        netns,
        kind: 'multipath',
        interface: name,
        describe: (done) => `${name}: ${was} → ${done?.mode ?? mode}`,
        run: () =>
          setMultipath(controlKernel(kernel), name, mode as MultipathMode, {
            role,
            remember: { store: choiceStore(), netns },
          }),
        endpoints: () => kernel.call('listEndpoints', null),
      });
      if (values.json) {
        writeOut(JSON.stringify(result, null, 2) + '\n');
      } else {
        const eps = result.endpoints.map(
          (e) => `  endpoint ${e.id}: ${e.address} ${e.flags.join(',')}`,
        );
        writeOut(
          [
            `${result.interface}: multipath ${result.mode}`,
            ...eps,
            ...result.notes.map((n) => `note: ${n}`),
          ].join('\n') + '\n',
        );
      }
      return 0;
    } finally {
      await kernel.close();
    }
  },
};

/** The interface's mode before the change, for the action log; '?' when it cannot be read. */
async function modeNow(kernel: KernelClient, name: string): Promise<string> {
  try {
    const [sample, endpoints] = await Promise.all([
      kernel.call('sample', { fresh: true }),
      kernel.call('listEndpoints', null),
    ]);
    const link = sample.interfaces.find((i) => i.name === name);
    return link ? interfaceMode(sample.interfaces, endpoints, link.ifindex) : '?';
  } catch {
    return '?';
  }
}
