#!/usr/bin/env node
// The `subflow` command: dispatches to sub-commands; every failure ends as one line on stderr
// saying what is wrong and what to do, and a non-zero exit code (2 for a bad command line).
import { KernelError } from '../native/errors.js';
import type { Command } from './cli/command.js';
import { UsageError } from './cli/command.js';
import { agentCommand } from './cli/agent-command.js';
import { doctorCommand } from './cli/doctor-command.js';
import { labCommand } from './cli/lab-command.js';
import { limitsCommand } from './cli/limits-command.js';
import { eventsCommand } from './cli/events-command.js';
import { helperCommand } from './cli/helper-command.js';
import { multipathCommand } from './cli/multipath-command.js';
import { recordCommand } from './cli/record-command.js';
import { reportCommand } from './cli/report-command.js';
import { runCommand } from './cli/run-command.js';
import { serveCommand } from './cli/serve-command.js';
import { snapshotCommand } from './cli/snapshot-command.js';
import { writeOut, writeErr } from './terminal-text.js';

const commands: readonly Command[] = [
  snapshotCommand,
  eventsCommand,
  multipathCommand,
  limitsCommand,
  doctorCommand,
  serveCommand,
  agentCommand,
  recordCommand,
  reportCommand,
  labCommand,
  runCommand,
  helperCommand,
];

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: subflow <command> [options]',
    '',
    'Live Multipath TCP monitor for Linux.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'subflow <command> --help' for a command's options.",
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    writeOut(overview() + '\n');
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command '${name}' (see 'subflow --help')`);
  // Only the words before `--` are subflow's: `subflow run -- prog --help` is the program's help.
  const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (own.includes('--help') || own.includes('-h')) {
    writeOut(command.help + '\n');
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    writeErr(`subflow: ${message}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
    if (
      !(err instanceof UsageError) &&
      !(err instanceof KernelError) &&
      process.env.SUBFLOW_DEBUG
    ) {
      console.error(err);
    }
  },
);
