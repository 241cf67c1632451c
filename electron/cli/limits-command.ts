// `subflow limits`: show the path manager's limits, or set them (needs CAP_NET_ADMIN); the
// values printed are read back from the kernel.
import { controlKernel, setLimits } from '../control/index.js';
import { KernelClient } from '../../native/kernel/kernel-client.js';
import type { Command } from './command.js';
import { UsageError, parseCommandLine } from './command.js';
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
          : await setLimits(controlKernel(kernel), {
              ...(subflows !== undefined ? { subflows } : {}),
              ...(addAddrAccepted !== undefined ? { addAddrAccepted } : {}),
            });
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
