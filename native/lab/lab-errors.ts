// Typed errors of the lab: each says what happened and what to do, and carries a stable code.
import { subflowCommand } from '../invocation.js';
import { toolsMissingMessage } from '../commands.js';

/** Stable machine-readable reason of a LabError. */
export type LabErrorCode =
  | 'permission'
  | 'invalid-option'
  | 'tool-missing'
  | 'command-failed'
  | 'step-failed'
  | 'exists'
  | 'not-found'
  | 'traffic-failed'
  | 'hold-failed'
  | 'unexpected-output';

/** Base class of every error the lab throws. */
export class LabError extends Error {
  /** Why it failed, for programs (the message is for people). */
  readonly code: LabErrorCode;

  constructor(code: LabErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LabError';
    this.code = code;
  }
}

/** The lab was asked for without root; nothing was attempted. */
export class LabPermissionError extends LabError {
  constructor() {
    super(
      'permission',
      `The lab creates network namespaces and needs root: run it again with sudo (e.g. \`sudo ${subflowCommand()} lab up\`).`,
    );
    this.name = 'LabPermissionError';
  }
}

/** An option (prefix, rate, duration, count…) is not acceptable. */
export class LabOptionError extends LabError {
  constructor(message: string) {
    super('invalid-option', message);
    this.name = 'LabOptionError';
  }
}

/** Programs the lab runs (ip, tc, iperf3, mptcpize…) are not installed. */
export class LabToolMissingError extends LabError {
  /** The first missing program. */
  readonly tool: string;
  /** Every missing program. */
  readonly tools: readonly string[];

  constructor(tool: string | readonly string[]) {
    const tools = typeof tool === 'string' ? [tool] : [...tool];
    super('tool-missing', toolsMissingMessage(tools));
    this.name = 'LabToolMissingError';
    this.tool = tools[0] ?? '';
    this.tools = tools;
  }
}

/** A command exited with an error. */
export class LabCommandError extends LabError {
  /** The command, program first. */
  readonly argv: readonly string[];
  /** Exit code, or null when it was killed. */
  readonly exitCode: number | null;
  /** What the command wrote on stderr, trimmed. */
  readonly stderr: string;

  constructor(argv: readonly string[], exitCode: number | null, stderr: string) {
    const how = exitCode === null ? 'was killed' : `exited with ${exitCode}`;
    const said = stderr === '' ? '' : `: ${stderr}`;
    super('command-failed', `\`${argv.join(' ')}\` ${how}${said}`);
    this.name = 'LabCommandError';
    this.argv = argv;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** `up` failed at a step; what it had made was removed again. */
export class LabStepError extends LabError {
  /** Description of the step that failed. */
  readonly step: string;
  /** The failing command, program first. */
  readonly argv: readonly string[];
  /** The command's stderr, trimmed. */
  readonly stderr: string;

  constructor(
    step: string,
    argv: readonly string[],
    stderr: string,
    cause: unknown,
    cleanupFailure?: string,
  ) {
    const cleanup =
      cleanupFailure === undefined
        ? 'Everything made so far was removed; fix the cause and run `lab up` again.'
        : `Removing what was made also failed (${cleanupFailure}): run \`lab down\` before trying again.`;
    super(
      'step-failed',
      `Lab setup failed at "${step}" (\`${argv.join(' ')}\`): ${stderr === '' ? 'no message' : stderr.replace(/\.$/, '')}. ${cleanup}`,
      { cause },
    );
    this.name = 'LabStepError';
    this.step = step;
    this.argv = argv;
    this.stderr = stderr;
  }
}

/** A lab with this prefix exists but does not match what was asked for. */
export class LabExistsError extends LabError {
  /** What differs, one line each. */
  readonly problems: readonly string[];

  constructor(prefix: string, problems: readonly string[]) {
    super(
      'exists',
      `A lab with prefix "${prefix}" already exists but differs (${problems.join('; ')}). ` +
        `Remove it with \`lab down --prefix ${prefix}\` and run \`lab up\` again.`,
    );
    this.name = 'LabExistsError';
    this.problems = problems;
  }
}

/** The lab is not up (or is incomplete) where it is needed. */
export class LabNotFoundError extends LabError {
  constructor(prefix: string, detail: string) {
    super(
      'not-found',
      `The lab "${prefix}" is not up (${detail}): run \`lab up --prefix ${prefix}\` first.`,
    );
    this.name = 'LabNotFoundError';
  }
}

/** Traffic generation failed. */
export class LabTrafficError extends LabError {
  constructor(message: string, options?: ErrorOptions) {
    super('traffic-failed', message, options);
    this.name = 'LabTrafficError';
  }
}

/** The connection holder failed to open or keep its connections. */
export class LabHoldError extends LabError {
  constructor(message: string, options?: ErrorOptions) {
    super('hold-failed', message, options);
    this.name = 'LabHoldError';
  }
}

/** A tool printed something the lab cannot read (an unexpected version or format). */
export class LabOutputError extends LabError {
  constructor(what: string, detail: string) {
    super(
      'unexpected-output',
      `Could not read the output of ${what} (${detail}): check that iproute2 and iperf3 are recent Debian versions.`,
    );
    this.name = 'LabOutputError';
  }
}
