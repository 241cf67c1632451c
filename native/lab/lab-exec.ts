// Runs lab commands (argv arrays through execFile, never a shell): the lab's only command I/O.
import { execFile } from 'node:child_process';
import type { LabCommand } from './lab-plan.js';
import {
  LabCommandError,
  LabPermissionError,
  LabStepError,
  LabToolMissingError,
} from './lab-errors.js';

/** What a finished command printed. */
export interface CommandOutput {
  /** Standard output. */
  readonly stdout: string;
  /** Standard error. */
  readonly stderr: string;
}

/** Options of runCommand. */
export interface RunOptions {
  /** Kill the command after this many milliseconds (default 30 000). */
  readonly timeoutMs?: number;
}

/** Throws LabPermissionError unless the process runs as root; call before doing anything. */
export function assertRoot(): void {
  if (process.getuid?.() !== 0) throw new LabPermissionError();
}

/** Narrows an unknown error to Node's system error shape. */
export function isErrnoException(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && 'code' in err;
}

/** Runs a command; resolves with its output, rejects with LabCommandError or LabToolMissingError. */
export function runCommand(
  args: readonly string[],
  options: RunOptions = {},
): Promise<CommandOutput> {
  const [program, ...rest] = args;
  if (program === undefined) return Promise.reject(new TypeError('runCommand: empty argv'));
  return new Promise((resolve, reject) => {
    execFile(
      program,
      rest,
      { encoding: 'utf8', timeout: options.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err === null) {
          resolve({ stdout, stderr });
          return;
        }
        if (isErrnoException(err) && err.code === 'ENOENT' && err.path === program) {
          reject(new LabToolMissingError(program));
          return;
        }
        const exitCode = typeof err.code === 'number' ? err.code : null;
        reject(new LabCommandError(args, exitCode, stderr.trim()));
      },
    );
  });
}

/** Runs a command and returns undefined instead of throwing when it exits with an error. */
export async function tryCommand(args: readonly string[]): Promise<CommandOutput | undefined> {
  try {
    return await runCommand(args);
  } catch (err) {
    if (err instanceof LabCommandError) return undefined;
    throw err;
  }
}

/** Reports progress of a plan, one call per command before it runs. */
export type StepListener = (command: LabCommand, index: number, total: number) => void;

/**
 * Runs a plan in order. On the first failure it runs `undo` with the namespaces the plan had
 * created so far, then throws LabStepError naming the step and the command's stderr.
 */
export async function runPlan(
  plan: readonly LabCommand[],
  undo: (createdNamespaces: readonly string[]) => Promise<void>,
  onStep?: StepListener,
): Promise<void> {
  const created: string[] = [];
  for (const [index, command] of plan.entries()) {
    onStep?.(command, index, plan.length);
    try {
      await runCommand(command.argv);
    } catch (err) {
      let cleanupFailure: string | undefined;
      try {
        await undo(created);
      } catch (undoErr) {
        cleanupFailure = undoErr instanceof Error ? undoErr.message : String(undoErr);
      }
      const stderr = err instanceof LabCommandError ? err.stderr : String(err);
      throw new LabStepError(command.step, command.argv, stderr, err, cleanupFailure);
    }
    if (command.createsNamespace !== undefined) created.push(command.createsNamespace);
  }
}
