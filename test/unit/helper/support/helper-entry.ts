// `subflow helper ARGS…` as a process, for tests: the real command (monitor, control and doctor
// on the kernel), run the way electron/cli.ts runs its commands, with one-line errors.
import { helperCommand } from '../../../../electron/cli/helper-command.js';

try {
  process.exitCode = await helperCommand.run(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`subflow: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
