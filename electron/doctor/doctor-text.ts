// The doctor's report as text for a terminal: findings grouped by severity, one line each with
// its fix (description, the exact commands, and why it cannot be applied here when it cannot),
// and a closing line saying how to apply. Pure.
import type { DoctorFinding, DoctorReport, Severity } from '../contract.js';
import { doctorCommandLine } from './fix-plan.js';

const GROUPS: readonly { severity: Severity; title: string }[] = [
  { severity: 'error', title: 'Errors' },
  { severity: 'warning', title: 'Warnings' },
  { severity: 'info', title: 'Notes' },
];

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One finding: its id and summary on one line, then its fix. */
export function findingLines(finding: DoctorFinding): string[] {
  const lines = [`  ${finding.id}  ${finding.summary}`];
  const fix = finding.fix;
  if (!fix) return lines;
  lines.push(`      fix: ${fix.description}`);
  for (const command of fix.commands) lines.push(`      $ ${command}`);
  if (!fix.applicable && fix.notApplicableReason !== undefined) {
    lines.push(`      (not applied by Subflow here: ${fix.notApplicableReason})`);
  }
  return lines;
}

/** A count of findings per severity: "1 error, 2 warnings, 0 notes". */
export function tally(findings: readonly DoctorFinding[]): string {
  const n = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  return `${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${plural(n('info'), 'note')}`;
}

/** The whole report as lines of text. */
export function reportText(report: DoctorReport): string[] {
  const where = report.netns !== null ? `namespace ${report.netns}` : 'this host';
  const power = report.privileged
    ? 'fixes can be applied'
    : 'no CAP_NET_ADMIN: fixes are shown, not applied';
  const lines = [`MPTCP setup of ${where} (${power})`, `Checked: ${report.checks.join(', ')}`];
  for (const group of GROUPS) {
    const found = report.findings.filter((f) => f.severity === group.severity);
    if (found.length === 0) continue;
    lines.push('', `${group.title} (${found.length}):`);
    for (const f of found) lines.push(...findingLines(f));
  }
  lines.push('');
  const problems = report.findings.filter((f) => f.severity !== 'info');
  if (report.findings.length === 0) {
    lines.push(`All clear: ${plural(report.checks.length, 'check')} found nothing to fix.`);
  } else if (problems.length === 0) {
    lines.push(`No errors or warnings (${tally(report.findings)}).`);
  } else {
    lines.push(`${tally(report.findings)}.`);
  }
  if (report.findings.some((f) => f.fix?.applicable === true)) {
    lines.push(
      `Apply one fix with '${doctorCommandLine(report.netns, '--apply', 'ID')}', or those of ` +
        `every error and warning with '${doctorCommandLine(report.netns, '--apply-all')}'.`,
    );
  }
  return lines;
}
