// The Setup panel's words, from a DoctorReport: findings grouped by severity, what was checked,
// the tally, where the checks ran, and the sentences after a fix was applied. Pure.
import type {
  DoctorApplyResult,
  DoctorFinding,
  DoctorReport,
  Severity,
} from '../../../../electron/contract.js';

/** A severity's group: its findings in report order (the report sorts errors first). */
export interface SeverityGroup {
  readonly severity: Severity;
  /** Group heading, e.g. "Warnings". */
  readonly title: string;
  /** One finding's badge, e.g. "Warning". */
  readonly label: string;
  readonly findings: readonly DoctorFinding[];
}

const GROUPS: readonly Omit<SeverityGroup, 'findings'>[] = [
  { severity: 'error', title: 'Errors', label: 'Error' },
  { severity: 'warning', title: 'Warnings', label: 'Warning' },
  { severity: 'info', title: 'Notes', label: 'Note' },
];

/** The non-empty severity groups, errors first. */
export function groupBySeverity(findings: readonly DoctorFinding[]): SeverityGroup[] {
  return GROUPS.map((g) => ({
    ...g,
    findings: findings.filter((f) => f.severity === g.severity),
  })).filter((g) => g.findings.length > 0);
}

/** "1 check", "12 checks". */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

// What each check looks at, in a person's words; a check this list does not know keeps its name.
const CHECK_LABELS: Readonly<Record<string, string>> = {
  readable: 'state readable',
  'mptcp-unavailable': 'MPTCP in the kernel',
  'mptcp-disabled': 'net.mptcp.enabled',
  'legacy-kernel': 'legacy kernel',
  'userspace-pm-no-daemon': 'path manager',
  'endpoint-manager': 'other endpoint managers',
  'limits-subflows': 'subflows limit',
  'add-addr-accepted': 'add_addr_accepted',
  'endpoint-missing': 'missing endpoints',
  'endpoint-stale': 'stale endpoints',
  'endpoint-no-flags': 'endpoint flags',
  'signal-without-listener': 'signal endpoints',
  'source-routing': 'source routing',
  'rp-filter': 'rp_filter',
  'single-subflow': 'single-subflow connections',
};

/** What a check looks at, e.g. "rp_filter" for "rp-filter". */
export const checkLabel = (check: string): string => CHECK_LABELS[check] ?? check;

/** "1 error, 2 warnings, 1 note" (severities with no finding left out). */
export function tally(findings: readonly DoctorFinding[]): string {
  return groupBySeverity(findings)
    .map((g) => plural(g.findings.length, g.label.toLowerCase()))
    .join(', ');
}

/** The report's opening line: how many checks ran and what they found (the checks by name
 * when nothing was found; otherwise `checkedList` names them on a line of their own). */
export function checksSentence(report: DoctorReport): string {
  const n = report.checks.length;
  if (report.findings.length === 0) {
    return `${n === 1 ? '1 check passed' : `${n} checks passed`}: ${checkedList(report)}.`;
  }
  const problems = report.findings.filter((f) => f.severity !== 'info').length;
  const found =
    problems === 0 ? `no errors or warnings, ${tally(report.findings)}` : tally(report.findings);
  return `${plural(n, 'check')} ran: ${found}.`;
}

/** What the checks looked at, by name: "state readable, MPTCP in the kernel, …". */
export const checkedList = (report: DoctorReport): string =>
  report.checks.map(checkLabel).join(', ');

/** Where the checks run and whether fixes can be applied there. */
export function contextSentence(netns: string | null, privileged: boolean | undefined): string {
  const where = netns !== null ? `namespace ${netns}` : 'this host';
  if (privileged === undefined) return `MPTCP setup of ${where}.`;
  return privileged
    ? `MPTCP setup of ${where}: fixes can be applied from here.`
    : `MPTCP setup of ${where}: without CAP_NET_ADMIN, fixes are shown as commands to run as root.`;
}

/** Text with a closing full stop, for the end of a sentence (after a colon). */
export function withStop(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' || /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * A message as a sentence on its own: closing full stop, and a capital when it starts with a
 * plain word (names such as "doctor:run" or "blue-c" keep their spelling).
 */
export function sentence(text: string): string {
  const closed = withStop(text);
  return /^[a-z]+(?![\w:.\-/])/.test(closed)
    ? closed.charAt(0).toUpperCase() + closed.slice(1)
    : closed;
}

/** How an applied fix turned out, as the panel tells it. */
export interface ApplyOutcome {
  readonly id: string;
  readonly tone: 'ok' | 'warning' | 'error';
  /** The whole sentence, naming the finding: at the top of the panel, and announced. */
  readonly text: string;
  /** The same, shown inside the finding's own card (which already shows its summary). */
  readonly brief: string;
}

/** The sentences after 'doctor:apply' answered: fixed, or still there (with its summary). */
export function appliedOutcome(result: DoctorApplyResult): ApplyOutcome {
  const id = result.applied.id;
  if (result.stillPresent) {
    const now = result.report.findings.find((f) => f.id === id) ?? result.applied;
    return {
      id,
      tone: 'warning',
      text: `The fix for ${id} ran but the problem is still there: ${withStop(now.summary)}`,
      brief: 'The fix ran but the problem is still there: checked again, it is reported as above.',
    };
  }
  const text = `${id} fixed — checked again.`;
  return { id, tone: 'ok', text, brief: text };
}

/** The sentences when 'doctor:apply' failed. */
export function applyFailedOutcome(id: string, message: string): ApplyOutcome {
  return {
    id,
    tone: 'error',
    text: `Applying the fix for ${id} failed: ${withStop(message)}`,
    brief: `Applying this fix failed: ${withStop(message)}`,
  };
}

/** The time of a report as the panel shows it: "14:03:12". */
export const checkedAt = (time: number): string =>
  new Date(time).toLocaleTimeString(undefined, { hour12: false });
