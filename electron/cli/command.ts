// What every `subflow` sub-command provides, and the error type for bad command lines.
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

export interface Command {
  readonly name: string;
  /** One line for `subflow --help`. */
  readonly summary: string;
  /** The full text of `subflow NAME --help`. */
  readonly help: string;
  /** Returns the process exit code. Throws UsageError for a bad command line. */
  run(argv: readonly string[]): Promise<number>;
}

/** A command line that cannot be understood: exit code 2, like most Unix tools. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** util.parseArgs with its errors turned into UsageError and a --help flag on every command. */
export function parseCommandLine<O extends Options>(argv: readonly string[], options: O) {
  try {
    return parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Parses a whole, positive number option (e.g. --duration 10). */
export function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--${name} needs a positive number, got '${value}'`);
  return n;
}
