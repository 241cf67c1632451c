// `subflow doctor`: walks the MPTCP setup checklist for a namespace and prints each finding
// with the commands that fix it; applies a fix only when asked (--apply ID / --apply-all),
// printing it before it runs and checking again afterwards.
import type { DoctorApplyResult, DoctorFinding, DoctorReport } from '../contract.js';
import { choiceStore } from '../control/choices-file.js';
import type { ChoiceStore } from '../control/choices-file.js';
import { ControlError } from '../control/control-error.js';
import { applyFinding } from '../doctor/apply-fix.js';
import { gatherDoctorInput } from '../doctor/doctor-input.js';
import type { DoctorKernel, GatherOptions } from '../doctor/doctor-input.js';
import { reportText } from '../doctor/doctor-text.js';
import { buildReport } from '../doctor/run-checks.js';
import { KernelClient } from '../../native/kernel/kernel-client.js';
import type { Command } from './command.js';
import { UsageError, parseCommandLine } from './command.js';
import { runLoggedChange } from './logged-change.js';
import { readMonitorOptions, readRole } from './monitor-options.js';
import { writeOut } from '../terminal-text.js';

const HELP = `Usage: subflow doctor [--netns NAME] [--json] [--role client|server]
                      [--apply ID | --apply-all]

Walks the MPTCP setup checklist and says what keeps multipath from working here:
MPTCP missing or disabled, path-manager limits, endpoints (missing, stale, without
flags), source routing per interface, strict rp_filter, the userspace path manager
without a daemon, mptcpd or NetworkManager that may undo changes, and live
connections stuck at one subflow (with the likely reason). Each finding has an id,
one sentence, and the exact commands that fix it.

Nothing changes unless you ask: --apply ID applies the fix of one finding (printed
before it runs; it changes only what the finding names), then checks again and says
whether the finding is gone. A multipath mode you chose with 'subflow multipath'
(remembered in \${SUBFLOW_CONFIG_DIR:-/etc/subflow}) is respected: it is a note,
never something to fix. Applying needs CAP_NET_ADMIN; without it the commands
are printed for you to run as root.

Options:
  --netns NAME   check the named network namespace (/run/netns/NAME), as ip -n does
  --json         print the report (with --apply: the result) as JSON
  --role ROLE    client (default) or server: a server also announces its addresses,
                 so missing endpoints get the signal flag as well as subflow
  --apply ID     apply the fix of finding ID, then check again
  --apply-all    apply the fix of every error and warning that can be applied here,
                 errors first (notes only with --apply ID)

Exit status: 0 when no error is found (warnings and notes may remain); 1 when errors
are found, or a fix could not be applied or did not clear its finding; 2 for a bad
command line.`;

/** Where the command writes, and how it reaches a namespace's kernel (swappable in tests). */
export interface DoctorIo {
  readonly write: (text: string) => void;
  readonly openKernel: (netns: string | null) => DoctorKernel & { close(): Promise<void> };
  /** The remembered multipath choices; default the file in SUBFLOW_CONFIG_DIR. */
  readonly choices?: Pick<ChoiceStore, 'load'>;
}

const defaultIo: DoctorIo = {
  write: (text) => {
    writeOut(text);
  },
  openKernel: (netns) => new KernelClient({ netns }),
};

const hasErrors = (report: DoctorReport): boolean =>
  report.findings.some((f) => f.severity === 'error');

/** The fix of a finding as printed before it runs. */
function announce(finding: DoctorFinding): string[] {
  return [
    `Applying ${finding.id}: ${finding.fix?.description ?? ''}`,
    ...(finding.fix?.commands ?? []).map((c) => `  $ ${c}`),
  ];
}

function outcomeLine(id: string, report: DoctorReport): string {
  const still = report.findings.find((f) => f.id === id);
  return still
    ? `Still reported after the change, read back from the kernel: ${still.summary}`
    : `Read back from the kernel: ${id} is no longer reported.`;
}

/** Applies one finding's fix, or prints its commands when it cannot be applied here. */
async function applyOne(
  kernel: DoctorKernel,
  id: string,
  options: GatherOptions,
  json: boolean,
  io: DoctorIo,
): Promise<number> {
  const before = buildReport(await gatherDoctorInput(kernel, options));
  const finding = before.findings.find((f) => f.id === id);
  if (!finding) {
    const known = before.findings.map((f) => f.id).join(', ') || 'none';
    throw new ControlError(
      'not-found',
      `no finding '${id}' here (found: ${known}): run 'subflow doctor' for the current ids`,
    );
  }
  if (!finding.fix?.applicable) {
    const lines = [
      `Cannot apply ${id} here: ${finding.fix?.notApplicableReason ?? 'it has no fix'}.`,
      ...(finding.fix?.commands.length ? ['Run instead:'] : []),
      ...(finding.fix?.commands ?? []).map((c) => `  $ ${c}`),
    ];
    io.write(json ? JSON.stringify({ notApplied: finding }) + '\n' : lines.join('\n') + '\n');
    return 1;
  }
  if (!json) io.write(announce(finding).join('\n') + '\n');
  const result = await loggedApply(kernel, id, options);
  const payload: DoctorApplyResult = {
    applied: result.applied,
    report: result.report,
    stillPresent: result.stillPresent,
  };
  io.write(
    json
      ? JSON.stringify(payload) + '\n'
      : [outcomeLine(id, result.report), '', ...reportText(result.report)].join('\n') + '\n',
  );
  return result.stillPresent || hasErrors(result.report) ? 1 : 0;
}

/** Applies every applicable fix in report order; skips what an earlier fix already cleared. */
async function applyAll(
  kernel: DoctorKernel,
  options: GatherOptions,
  json: boolean,
  io: DoctorIo,
): Promise<number> {
  let report = buildReport(await gatherDoctorInput(kernel, options));
  // Notes are not problems: their fixes run only when asked for by id.
  const problems = report.findings.filter((f) => f.severity !== 'info');
  const planned = problems.filter((f) => f.fix?.applicable === true);
  const applied: DoctorFinding[] = [];
  const skipped: { id: string; reason: string }[] = problems
    .filter((f) => f.fix !== undefined && !f.fix.applicable)
    .map((f) => ({ id: f.id, reason: f.fix?.notApplicableReason ?? 'not applicable' }));
  let failed = false;
  for (const finding of planned) {
    const now = report.findings.find((f) => f.id === finding.id);
    if (now?.severity !== finding.severity) {
      const reason = now ? 'an earlier fix made it a note' : 'an earlier fix cleared it';
      skipped.push({ id: finding.id, reason });
      continue;
    }
    if (!json) io.write(announce(finding).join('\n') + '\n');
    const result = await loggedApply(kernel, finding.id, options);
    report = result.report;
    applied.push(result.applied);
    failed ||= result.stillPresent;
    if (!json) io.write(outcomeLine(finding.id, report) + '\n\n');
  }
  if (json) {
    io.write(JSON.stringify({ applied, skipped, report }) + '\n');
  } else {
    if (planned.length === 0) io.write('No error or warning here can be fixed automatically.\n\n');
    for (const s of skipped) io.write(`Skipped ${s.id}: ${s.reason}.\n`);
    if (skipped.length > 0) io.write('\n');
    io.write(reportText(report).join('\n') + '\n');
  }
  return failed || hasErrors(report) ? 1 : 0;
}

/** Runs `subflow doctor ARGV…` against `io`; returns the exit status. */
export async function runDoctor(
  argv: readonly string[],
  io: DoctorIo = defaultIo,
): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    netns: { type: 'string' },
    json: { type: 'boolean' },
    role: { type: 'string' },
    apply: { type: 'string' },
    'apply-all': { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0] ?? ''}'`);
  if (values.apply !== undefined && values['apply-all'] === true) {
    throw new UsageError('give either --apply ID or --apply-all, not both');
  }
  if (values.apply?.trim() === '') throw new UsageError('--apply needs a finding id');
  const { netns } = readMonitorOptions(values);
  const options: GatherOptions = {
    netns,
    role: readRole(values.role),
    choices: io.choices ?? choiceStore(),
  };
  const json = values.json === true;
  const kernel = io.openKernel(netns);
  try {
    if (values.apply !== undefined) return await applyOne(kernel, values.apply, options, json, io);
    if (values['apply-all'] === true) return await applyAll(kernel, options, json, io);
    const report = buildReport(await gatherDoctorInput(kernel, options));
    io.write(json ? JSON.stringify(report) + '\n' : reportText(report).join('\n') + '\n');
    return hasErrors(report) ? 1 : 0;
  } finally {
    await kernel.close();
  }
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check the MPTCP setup and offer the fixes (limits, endpoints, routing, rp_filter…)',
  help: HELP,
  run: (argv) => runDoctor(argv),
};

/** Applies one fix, logged as the person's action for a serve watching the same namespace. */
function loggedApply(
  kernel: DoctorKernel,
  id: string,
  options: GatherOptions,
): ReturnType<typeof applyFinding> {
  return runLoggedChange({
    netns: options.netns,
    kind: 'doctor-fix',
    describe: (done) =>
      `doctor fix ${id}${done?.applied.fix ? `: ${done.applied.fix.description}` : ''}`,
    run: () => applyFinding(kernel, id, options),
    endpoints: () => kernel.call('listEndpoints', null),
  });
}
