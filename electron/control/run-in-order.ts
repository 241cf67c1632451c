// "Stop at the first failed action and say what was done": the one rule for every sequence of
// kernel changes (a multipath switch's endpoint changes, a doctor fix's steps). Pure but for the
// actions it is given to run; no I/O of its own.
import { toApiError } from '../api-errors.js';
import { ControlError } from './control-error.js';

/** How a half-made sequence is explained: each made action in words, and what follows. */
export interface HalfDone<A> {
  /** One made action, as the person would recognise it (e.g. the command it stands for). */
  readonly describe: (action: A) => string;
  /** What the half-made state means and what to do, e.g. "eth0 may be half switched: …". */
  readonly consequence: string;
}

/**
 * Runs `actions` in order and stops at the first that throws. When nothing was made yet its
 * error propagates unchanged (e.g. the permission error); after earlier actions it becomes a
 * ControlError with the same API code that names the actions made and what to do.
 */
export async function runInOrder<A>(
  actions: readonly A[],
  run: (action: A) => Promise<void>,
  halfDone: HalfDone<A>,
): Promise<void> {
  const done: A[] = [];
  for (const action of actions) {
    try {
      await run(action);
    } catch (err) {
      if (done.length === 0) throw err;
      const { code, message } = toApiError(err);
      const made = done.map(halfDone.describe).join(', ');
      throw new ControlError(
        code,
        `${message}; before that ${made} had been done, so ${halfDone.consequence}`,
      );
    }
    done.push(action);
  }
}
