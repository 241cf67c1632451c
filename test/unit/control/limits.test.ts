// Limits: what validateLimits accepts (integers 0–8, one or both) and refuses with a sentence
// naming the field; setLimits passes only validated values to the kernel thread.
import { describe, expect, it } from 'vitest';
import { toApiError } from '../../../electron/api-errors.js';
import { ControlError } from '../../../electron/control/control-error.js';
import { LIMIT_MAX, setLimits, validateLimits } from '../../../electron/control/limits.js';
import { FakeKernel } from './fake-kernel.js';

describe('validateLimits', () => {
  it('accepts integers from 0 to 8, either or both', () => {
    expect(validateLimits({ subflows: 0 })).toEqual({ subflows: 0 });
    expect(validateLimits({ addAddrAccepted: 8 })).toEqual({ addAddrAccepted: 8 });
    expect(validateLimits({ subflows: 2, addAddrAccepted: 3 })).toEqual({
      subflows: 2,
      addAddrAccepted: 3,
    });
    expect(LIMIT_MAX).toBe(8);
  });

  it('refuses anything else with a bad-request naming the problem', () => {
    const cases: [unknown, RegExp][] = [
      [null, /must be an object/],
      [[1, 2], /must be an object/],
      ['subflows=2', /must be an object/],
      [{}, /give subflows and\/or addAddrAccepted/],
      [{ subflows: 9 }, /^subflows must be a whole number from 0 to 8, got 9$/],
      [{ subflows: -1 }, /got -1$/],
      [{ subflows: 1.5 }, /got 1.5$/],
      [{ addAddrAccepted: '2' }, /^addAddrAccepted .* got "2"$/],
      [{ addAddrAccepted: NaN }, /got NaN$/],
      [{ subflows: {} }, /got a value of type object$/],
      [{ subflows: 1, signal: 2 }, /^unknown limit signal/],
    ];
    for (const [input, message] of cases) {
      let caught: unknown;
      try {
        validateLimits(input);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ControlError);
      expect(toApiError(caught).code).toBe('bad-request');
      expect(toApiError(caught).message).toMatch(message);
    }
  });
});

describe('setLimits', () => {
  it('sends the validated limits and returns both read back', async () => {
    const k = new FakeKernel();
    expect(await setLimits(k, { subflows: 4 })).toEqual({ subflows: 4, addAddrAccepted: 2 });
    expect(k.calls).toEqual([{ op: 'setLimits', args: { subflows: 4 } }]);
    await expect(setLimits(k, { subflows: 40 })).rejects.toThrow(ControlError);
    expect(k.calls).toHaveLength(1);
  });
});
