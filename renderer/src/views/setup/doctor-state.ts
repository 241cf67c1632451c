// The Setup panel's state as a reducer: the last report, whether a check is running, the one
// fix being confirmed or applied, and how the last apply turned out. Pure.
import type { DoctorApplyResult, DoctorReport, Result } from '../../../../electron/contract.js';
import { appliedOutcome, applyFailedOutcome, sentence } from './setup-text.js';
import type { ApplyOutcome } from './setup-text.js';

/** The fix the panel is busy with: none, one awaiting confirmation, or one being applied. */
export type FixStep =
  | { readonly kind: 'idle' }
  | { readonly kind: 'confirm'; readonly id: string }
  | { readonly kind: 'applying'; readonly id: string };

export interface DoctorViewState {
  /** The latest report (kept while a new check runs or after one failed). */
  readonly report: DoctorReport | null;
  /** 'doctor:run' is in flight. */
  readonly running: boolean;
  /** Why the last 'doctor:run' failed, one sentence; null when it did not. */
  readonly runError: string | null;
  readonly step: FixStep;
  /** How the last apply turned out, until the next one starts. */
  readonly outcome: ApplyOutcome | null;
}

export type DoctorEvent =
  | { readonly type: 'run-start' }
  | { readonly type: 'run-done'; readonly result: Result<DoctorReport> }
  | { readonly type: 'confirm'; readonly id: string }
  | { readonly type: 'cancel' }
  | { readonly type: 'apply-start'; readonly id: string }
  | {
      readonly type: 'apply-done';
      readonly id: string;
      readonly result: Result<DoctorApplyResult>;
    };

export const INITIAL_DOCTOR_STATE: DoctorViewState = {
  report: null,
  running: false,
  runError: null,
  step: { kind: 'idle' },
  outcome: null,
};

const IDLE: FixStep = { kind: 'idle' };

/** Whether the panel is waiting for the host (no new request may start). */
export const isBusy = (state: DoctorViewState): boolean =>
  state.running || state.step.kind === 'applying';

export function doctorReducer(state: DoctorViewState, event: DoctorEvent): DoctorViewState {
  switch (event.type) {
    case 'run-start':
      return { ...state, running: true };
    case 'run-done':
      return event.result.ok
        ? { ...state, running: false, runError: null, report: event.result.value }
        : { ...state, running: false, runError: sentence(event.result.error.message) };
    case 'confirm':
      return isBusy(state) ? state : { ...state, step: { kind: 'confirm', id: event.id } };
    case 'cancel':
      return state.step.kind === 'confirm' ? { ...state, step: IDLE } : state;
    case 'apply-start':
      return { ...state, step: { kind: 'applying', id: event.id }, outcome: null };
    case 'apply-done':
      if (!event.result.ok) {
        return {
          ...state,
          step: IDLE,
          outcome: applyFailedOutcome(event.id, event.result.error.message),
        };
      }
      return {
        ...state,
        step: IDLE,
        runError: null,
        report: event.result.value.report,
        outcome: appliedOutcome(event.result.value),
      };
  }
}
