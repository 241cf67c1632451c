// `subflow helper --stdio`: the privileged helper the desktop app starts through pkexec. Serves
// the kernel side of the Host (monitor, control, doctor) as JSON lines on stdin/stdout and exits
// when stdin closes, so it never outlives the app.
import { createHelperHost } from '../helper/helper-host.js';
import { serveHelper } from '../helper/helper-server.js';
import type { Command } from './command.js';
import { UsageError, parseCommandLine } from './command.js';
import {
  MONITOR_OPTIONS_HELP,
  ROLE_HELP,
  monitorOptions,
  readMonitorOptions,
  readRole,
} from './monitor-options.js';
import { writeErr } from '../terminal-text.js';

const HELP = `Usage: subflow helper --stdio [--netns NAME] [--interval MS] [--role ROLE]

The privileged helper of the desktop app, which starts it through pkexec. It reads
requests as JSON lines on stdin ({"type":"invoke","id":1,"name":"snapshot:get","args":{}}),
answers and pushes ticks as JSON lines on stdout, and exits when stdin closes. Only the
kernel side is served (snapshots, events, multipath, limits, doctor); sessions stay
with the app.

Options:
  --stdio           speak the protocol on stdin/stdout (required)
${ROLE_HELP}
${MONITOR_OPTIONS_HELP}`;

export const helperCommand: Command = {
  name: 'helper',
  summary: 'the desktop app’s privileged helper (JSON lines on stdin/stdout; started by pkexec)',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandLine(argv, {
      ...monitorOptions,
      stdio: { type: 'boolean' },
      role: { type: 'string' },
    });
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument '${positionals[0] ?? ''}'`);
    if (values.stdio !== true) {
      throw new UsageError(
        'subflow helper needs --stdio (it is started by the desktop app; for a terminal use subflow serve)',
      );
    }
    const { netns, intervalMs } = readMonitorOptions(values);
    const role = readRole(values.role);
    const helper = await createHelperHost({ netns, role, intervalMs });
    const stop = () => {
      process.stdin.destroy();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    try {
      await serveHelper({
        host: helper.host,
        input: process.stdin,
        output: process.stdout,
        log: (line) => {
          writeErr(`subflow helper: ${line}\n`);
        },
      });
    } finally {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      await helper.close();
    }
    return 0;
  },
};
