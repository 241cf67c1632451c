// `subflow limits`: show the path manager's limits, or set them (needs CAP_NET_ADMIN); the
// values printed are read back from the kernel.
import type { Limits } from '../contract.js';
import { controlKernel, setLimits } from '../control/index.js';
import { KernelClient } from '../../native/kernel/kernel-client.js';
import type { Command } from './command.js';
import { UsageError, parseCommandLine } from './command.js';
import { runLoggedChange } from './logged-change.js';
import { readMonitorOptions } from './monitor-options.js';
import { writeOut } from '../terminal-text.js';

const HELP = `Usage: subflow limits [--subflows N] [--add-addr-accepted N] [--netns NAME] [--json]

Shows the MPTCP path manager's limits per connection, or sets them (0–8 each;
setting needs CAP_NET_ADMIN). Like 'ip mptcp limits'.
  subflows             extra subflows a connection may have besides the first
  add_addr_accepted    addresses announced by the peer that are accepted

Options:
  --subflows N
  --add-addr-accepted N
  --netns NAME          the named network namespace
  --json                the limits as JSON`;

function limitValue(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 8) {
    throw new UsageError(`--${name} needs a whole number from 0 to 8, got '${text}'`);
  }
  return n;
}

export const limitsCommand: Command = {
  name: 'limits',
  summary: 'show or set the path manager limits (subflows, add_addr_accepted)',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandLine(argv, {
      subflows: { type: 'string' },
      'add-addr-accepted': { type: 'string' },
      netns: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument '${positionals[0] ?? ''}'`);
    const { netns } = readMonitorOptions(values);
    const subflows = limitValue('subflows', values.subflows);
    const addAddrAccepted = limitValue('add-addr-accepted', values['add-addr-accepted']);
    const kernel = new KernelClient({ netns });
    try {
      const limits =
        subflows === undefined && addAddrAccepted === undefined
          ? await kernel.call('getLimits', null)
          : await setLoggedLimits(kernel, netns, subflows, addAddrAccepted);
      writeOut(
        values.json
          ? JSON.stringify(limits) + '\n'
          : `subflows ${limits.subflows}, add_addr_accepted ${limits.addAddrAccepted}\n`,
      );
      return 0;
    } finally {
      await kernel.close();
    }
  },
};

/** Sets the limits, logged as the person's action for a serve watching the same namespace. */
async function setLoggedLimits(
  kernel: KernelClient,
  netns: string | null,
  subflows: number | undefined,
  addAddrAccepted: number | undefined,
): Promise<Limits> {
  const before = await kernel.call('getLimits', null).catch(() => null);
  const was = (k: keyof Limits): string => (before ? String(before[k]) : '?');
  return runLoggedChange({
    netns,
    kind: 'limits',
    describe: (done) => {
      const parts: string[] = [];
      if (subflows !== undefined)
        parts.push(`subflows ${was('subflows')} → ${done?.subflows ?? subflows}`);
      if (addAddrAccepted !== undefined) {
        parts.push(
          `add_addr_accepted ${was('addAddrAccepted')} → ${done?.addAddrAccepted ?? addAddrAccepted}`,
        );
      }
      return `limits: ${parts.join(', ')}`;
    },
    run: () =>
      setLimits(controlKernel(kernel), {
        ...(subflows !== undefined ? { subflows } : {}),
        ...(addAddrAccepted !== undefined ? { addAddrAccepted } : {}),
      }),
    endpoints: () => kernel.call('listEndpoints', null),
  });
}
