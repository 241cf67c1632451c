// The Setup panel's talk with the host: 'doctor:run' when the panel opens (as soon as there is
// an api) and on demand, and 'doctor:apply' for one confirmed fix. Never throws: failures become
// sentences in the state (doctor-state.ts).
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { SubflowApi } from '../../../../electron/contract.js';
import { call } from '../../store/invoke.js';
import { doctorReducer, INITIAL_DOCTOR_STATE } from './doctor-state.js';
import type { DoctorViewState } from './doctor-state.js';

export interface DoctorControls {
  readonly state: DoctorViewState;
  /** Runs every check again. */
  readonly run: () => Promise<void>;
  /** Shows the confirm step of one finding's fix. */
  readonly confirm: (id: string) => void;
  readonly cancel: () => void;
  /** Applies one finding's fix (after its confirm step); the host re-runs the checks. */
  readonly apply: (id: string) => Promise<void>;
}

export function useDoctor(api: SubflowApi | null): DoctorControls {
  const [state, dispatch] = useReducer(doctorReducer, INITIAL_DOCTOR_STATE);
  const mounted = useRef(false);
  // Only the newest run's answer is shown (a reopened panel, a double click).
  const latestRun = useRef(0);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async () => {
    const seq = ++latestRun.current;
    dispatch({ type: 'run-start' });
    const result = await call(api, 'doctor:run', {});
    if (mounted.current && seq === latestRun.current) dispatch({ type: 'run-done', result });
  }, [api]);

  const apply = useCallback(
    async (id: string) => {
      dispatch({ type: 'apply-start', id });
      const result = await call(api, 'doctor:apply', { id });
      if (!mounted.current) return;
      dispatch({ type: 'apply-done', id, result });
      // A failed fix may have made some of its changes: show what the kernel has now.
      if (!result.ok) await run();
    },
    [api, run],
  );

  const confirm = useCallback((id: string) => {
    dispatch({ type: 'confirm', id });
  }, []);
  const cancel = useCallback(() => {
    dispatch({ type: 'cancel' });
  }, []);

  useEffect(() => {
    if (api !== null) void run();
  }, [api, run]);

  return { state, run, confirm, cancel, apply };
}
