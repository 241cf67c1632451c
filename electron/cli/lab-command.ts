// `subflow lab up|down|status|traffic|hold`: the MPTCP testbed in network namespaces, for
// tests and for a demo on a machine with no MPTCP traffic of its own. Needs root.
import {
  holdConnections,
  labDown,
  labStatus,
  labTraffic,
  labUp,
  renderLabStatus,
} from '../../native/lab/index.js';
import type { Command } from './command.js';
import { UsageError, parseCommandLine, positiveNumber } from './command.js';
import { writeOut } from '../terminal-text.js';

const HELP = `Usage: subflow lab <action> [options]

A two-path MPTCP testbed: namespaces PREFIX-cli and PREFIX-srv joined by
"red" (198.51.100.0/24, red-c/red-s) and "blue" (203.0.113.0/24, blue-c/blue-s),
each shaped with tbf. Needs root. Touches nothing outside its own namespaces.

Actions:
  up         create the namespaces, links, shaping, endpoint and limits
  down       remove everything the lab made (safe to repeat)
  status     show what exists
  traffic    run bounded MPTCP traffic (iperf3 under mptcpize) and print what moved
  hold       open N idle MPTCP connections and keep them until Ctrl-C

Options:
  --prefix P        namespace name prefix (default: subflow)
  --red MBIT        red path rate for 'up' (default: 40)
  --blue MBIT       blue path rate for 'up' (default: 20)
  --seconds N       duration of 'traffic' (default: 10)
  --download        'traffic' from server to client (default: upload)
  --count N         connections for 'hold' (default: 1000)
  --json            machine-readable output`;

const options = {
  prefix: { type: 'string' },
  red: { type: 'string' },
  blue: { type: 'string' },
  seconds: { type: 'string' },
  download: { type: 'boolean' },
  count: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const labCommand: Command = {
  name: 'lab',
  summary: 'two-path MPTCP testbed in network namespaces (root): up, down, status, traffic, hold',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandLine(argv, options);
    const [action, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0] ?? ''}'`);
    const prefix = values.prefix;
    const print = (data: unknown, text: string): void => {
      writeOut((values.json ? JSON.stringify(data, null, 2) : text) + '\n');
    };
    switch (action) {
      case 'up': {
        const rates = {
          red: positiveNumber('red', values.red, 40),
          blue: positiveNumber('blue', values.blue, 20),
        };
        const r = await labUp({ prefix, rates });
        print(
          r,
          `lab '${r.prefix}' ${r.reused ? 'was already up' : 'is up'} (${r.seconds.toFixed(2)} s): ` +
            `${r.namespaces.client} ⇄ ${r.namespaces.server}, red ${r.rates.red} Mbit/s, blue ${r.rates.blue} Mbit/s`,
        );
        return 0;
      }
      case 'down': {
        const r = await labDown({ prefix });
        const what = r.removedNamespaces.join(', ') || 'nothing to remove';
        print(r, `lab down: ${what} (${r.seconds.toFixed(2)} s)`);
        return 0;
      }
      case 'status': {
        const s = await labStatus({ prefix });
        print(s, renderLabStatus(s));
        return s.up ? 0 : 1;
      }
      case 'traffic': {
        const direction = values.download ? 'download' : 'upload';
        const seconds = positiveNumber('seconds', values.seconds, 10);
        const r = await labTraffic({ prefix, seconds, direction });
        const paths = r.paths
          .map(
            (p) =>
              `  ${p.path.padEnd(4)} ${p.interface.padEnd(6)} ${p.mbitPerSecond.toFixed(2)} Mbit/s`,
          )
          .join('\n');
        print(
          r,
          `${direction}: ${r.bytes} bytes in ${r.seconds.toFixed(2)} s = ` +
            `${(r.bitsPerSecond / 1e6).toFixed(2)} Mbit/s (iperf3 payload)\nper path (interface counters):\n${paths}`,
        );
        return 0;
      }
      case 'hold': {
        const count = positiveNumber('count', values.count, 1000);
        const held = await holdConnections({ prefix, count });
        const { connections, subflows, subflowsPerInterface, setupSeconds } = held;
        print(
          { connections, subflows, subflowsPerInterface, setupSeconds },
          `holding ${connections} MPTCP connections with ${subflows} subflows ` +
            `(${setupSeconds.toFixed(2)} s); Ctrl-C to stop`,
        );
        const interrupted = new Promise<void>((resolve) => process.once('SIGINT', resolve));
        await Promise.race([interrupted, held.closed]);
        await held.stop();
        return 0;
      }
      case undefined:
        throw new UsageError(
          "missing action: up, down, status, traffic or hold (see 'subflow lab --help')",
        );
      default:
        throw new UsageError(`unknown lab action '${action}' (see 'subflow lab --help')`);
    }
  },
};
