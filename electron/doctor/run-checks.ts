// Runs every setup check on one DoctorInput and builds the DoctorReport: findings ordered by
// severity (errors first), then in the order of the checks, which follows the setup checklist
// (kernel, limits, endpoints, routing, live connections). Pure.
import type { DoctorFinding, DoctorReport, Severity } from '../contract.js';
import type { Check, Diagnosis } from './check.js';
import { addAddrAccepted, limitsSubflows } from './checks-limits.js';
import { readProblems, singleSubflow } from './checks-connections.js';
import {
  endpointMissing,
  endpointNoFlags,
  endpointStale,
  signalWithoutListener,
} from './checks-endpoints.js';
import {
  endpointManagers,
  legacyKernel,
  mptcpDisabled,
  mptcpUnavailable,
  userspacePmWithoutDaemon,
} from './checks-kernel.js';
import { rpFilterStrict, sourceRouting } from './checks-routing.js';
import { toolsMissing } from './checks-tools.js';
import type { DoctorInput } from './doctor-input.js';
import { deriveFacts } from './facts.js';
import { tableAllocator } from './routing-tables.js';

/** Every check, in checklist order. */
export const CHECKS: readonly Check[] = [
  readProblems,
  mptcpUnavailable,
  mptcpDisabled,
  legacyKernel,
  userspacePmWithoutDaemon,
  endpointManagers,
  limitsSubflows,
  addAddrAccepted,
  endpointMissing,
  endpointStale,
  endpointNoFlags,
  signalWithoutListener,
  sourceRouting,
  rpFilterStrict,
  singleSubflow,
  toolsMissing,
];

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** The checks that apply to the input and what they found, errors first. */
export function diagnose(input: DoctorInput): { checks: string[]; diagnoses: Diagnosis[] } {
  const facts = deriveFacts(input);
  // Without MPTCP nothing else means anything: only the kernel check (and read problems) run.
  const checks = CHECKS.filter(
    (c) =>
      c.applies(input) &&
      (input.kernel.mptcp !== 'unavailable' || c === mptcpUnavailable || c === readProblems),
  );
  // One allocator for the run, in checklist order: no two fixes propose the same new table.
  const context = { input, facts, tables: tableAllocator(input) };
  const found = checks.flatMap((c, order) => c.run(context).map((d) => ({ d, order })));
  found.sort(
    (x, y) =>
      SEVERITY_ORDER[x.d.finding.severity] - SEVERITY_ORDER[y.d.finding.severity] ||
      x.order - y.order,
  );
  return { checks: checks.map((c) => c.name), diagnoses: found.map((f) => f.d) };
}

/** The findings of every check that applies, errors first. */
export const runChecks = (input: DoctorInput): DoctorFinding[] =>
  diagnose(input).diagnoses.map((d) => d.finding);

/** The report of one run: what was checked, and what was found. */
export function buildReport(input: DoctorInput): DoctorReport {
  const { checks, diagnoses } = diagnose(input);
  return {
    time: input.time,
    netns: input.netns,
    privileged: input.privileged,
    checks,
    findings: diagnoses.map((d) => d.finding),
  };
}
