// `subflow doctor`: the MPTCP setup checks (pure), the read of one namespace they run on, the
// fixes they offer and their application, and the Host handlers.
export { applyFinding, applyFix } from './apply-fix.js';
export type { ApplyOutcome } from './apply-fix.js';
export type { Check, Diagnosis } from './check.js';
export { doctorHandlers } from './doctor-handlers.js';
export type { DoctorHandlerOptions } from './doctor-handlers.js';
export { doctorInputFrom, gatherDoctorInput } from './doctor-input.js';
export type { DoctorInput, DoctorKernel, GatherOptions } from './doctor-input.js';
export { reportText } from './doctor-text.js';
export { commandFor, toDoctorFix } from './fix-plan.js';
export type { FixAction, FixPlan } from './fix-plan.js';
export { CHECKS, buildReport, diagnose, runChecks } from './run-checks.js';
