// The one "stop at the first failed action and say what was done" rule that multipath switches
// and doctor fixes share: nothing after a failure runs, a first failure passes unchanged, a later
// one keeps its API code and names what was made.
import { describe, expect, it } from 'vitest';
import { ControlError } from '../../../electron/control/control-error.js';
import { runInOrder } from '../../../electron/control/run-in-order.js';

const halfDone = {
  describe: (n: number) => `step ${n}`,
  consequence: 'the thing is half made: run it again',
};

/** Runs 1..count, failing at `failAt` with `error`; returns what ran and what was thrown. */
async function run(count: number, failAt: number | null, error: Error = new Error('x')) {
  const ran: number[] = [];
  const actions = Array.from({ length: count }, (_, i) => i + 1);
  try {
    await runInOrder(
      actions,
      (n) => {
        ran.push(n);
        return n === failAt ? Promise.reject(error) : Promise.resolve();
      },
      halfDone,
    );
    return { ran, thrown: undefined };
  } catch (thrown) {
    return { ran, thrown };
  }
}

describe('runInOrder', () => {
  it('runs every action in order when none fails', async () => {
    expect(await run(3, null)).toEqual({ ran: [1, 2, 3], thrown: undefined });
  });

  it('lets the first action’s failure through unchanged: nothing was made', async () => {
    const refused = new ControlError('permission', 'needs CAP_NET_ADMIN: run as root');
    const { ran, thrown } = await run(3, 1, refused);
    expect(ran).toEqual([1]);
    expect(thrown).toBe(refused);
  });

  it('stops at a later failure and says what was made, keeping the API code', async () => {
    // A kernel thread's failure: its code 'netlink' is reported under the API code 'kernel'.
    const kernel = Object.assign(new Error('the kernel refused step 3 (EEXIST)'), {
      code: 'netlink',
    });
    const { ran, thrown } = await run(4, 3, kernel);
    expect(ran).toEqual([1, 2, 3]);
    expect(thrown).toBeInstanceOf(ControlError);
    const error = thrown as ControlError;
    expect(error.code).toBe('kernel');
    expect(error.message).toBe(
      'the kernel refused step 3 (EEXIST); before that step 1, step 2 had been done, so ' +
        'the thing is half made: run it again',
    );
    const plain = await run(2, 2, new ControlError('permission', 'needs CAP_NET_ADMIN'));
    expect((plain.thrown as ControlError).code).toBe('permission');
  });
});
