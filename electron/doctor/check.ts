// The shape of one setup check and of what it finds: a Diagnosis pairs the contract's
// DoctorFinding with the FixPlan behind its fix, so that applying runs exactly the actions the
// finding's commands show. Pure.
import type { DoctorFinding, Severity } from '../contract.js';
import type { DoctorInput } from './doctor-input.js';
import type { Facts } from './facts.js';
import { toDoctorFix } from './fix-plan.js';
import type { FixPlan } from './fix-plan.js';
import type { TableAllocator } from './routing-tables.js';

/** A finding and, when it can be fixed, the plan its fix was rendered from. */
export interface Diagnosis {
  readonly finding: DoctorFinding;
  readonly plan?: FixPlan;
}

/** What every check receives: the input and the facts derived from it once. */
export interface CheckContext {
  readonly input: DoctorInput;
  readonly facts: Facts;
  /** The routing table a source-routing fix uses per interface, shared by the whole run. */
  readonly tables: TableAllocator;
}

export interface Check {
  /** Stable name, the first part of its findings' ids (e.g. "endpoint-missing"). */
  readonly name: string;
  /** Whether the check means anything here (e.g. endpoints exist on upstream kernels only). */
  readonly applies: (input: DoctorInput) => boolean;
  readonly run: (context: CheckContext) => Diagnosis[];
}

/** What a check says about one subject. */
export interface FindingSpec {
  readonly check: string;
  /** Second part of the id: the subject, or a fixed word when there is none. */
  readonly key: string;
  readonly subject?: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly plan?: FixPlan;
}

/** A Diagnosis with id "check:key" and its fix rendered for the input's namespace. */
export function diagnosis(input: DoctorInput, spec: FindingSpec): Diagnosis {
  const id = `${spec.check}:${spec.key}`;
  const finding: DoctorFinding = {
    id,
    check: spec.check,
    severity: spec.severity,
    summary: spec.summary,
    ...(spec.subject !== undefined ? { subject: spec.subject } : {}),
    ...(spec.plan
      ? {
          fix: toDoctorFix(spec.plan, { netns: input.netns, privileged: input.privileged, id }),
        }
      : {}),
  };
  return spec.plan ? { finding, plan: spec.plan } : { finding };
}

/** Upstream kernel with MPTCP (enabled or not). */
export const isUpstream = (input: DoctorInput): boolean => input.kernel.mptcp === 'upstream';

/** Upstream kernel whose in-kernel path manager decides (endpoints and limits matter). */
export const usesKernelPm = (input: DoctorInput): boolean =>
  isUpstream(input) && input.kernel.pathManager !== 'userspace';

/** "1 endpoint", "2 endpoints". */
export const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
