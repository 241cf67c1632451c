// Unit tests of lab option validation: prefixes become namespace names, so they are strict.
import { describe, expect, it } from 'vitest';
import {
  resolveLabConfig,
  validateInteger,
  validatePrefix,
} from '../../../native/lab/lab-config.js';
import { LabOptionError } from '../../../native/lab/lab-errors.js';

describe('resolveLabConfig', () => {
  it('fills in the defaults', () => {
    expect(resolveLabConfig()).toEqual({
      prefix: 'subflow',
      namespaces: { client: 'subflow-cli', server: 'subflow-srv' },
      rates: { red: 40, blue: 20 },
      runDir: '/run/subflow-lab/subflow',
    });
  });

  it('takes a prefix and rates', () => {
    const config = resolveLabConfig({ prefix: 'sft42', rates: { blue: 7.5 } });
    expect(config.namespaces).toEqual({ client: 'sft42-cli', server: 'sft42-srv' });
    expect(config.rates).toEqual({ red: 40, blue: 7.5 });
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 20_000])('rejects rate %s', (rate) => {
    expect(() => resolveLabConfig({ rates: { red: rate } })).toThrow(LabOptionError);
  });
});

describe('validatePrefix', () => {
  it.each(['a', 'subflow', 'sft1234', 'a-b-c', 'abcdefghijkl'])('accepts %s', (prefix) => {
    expect(validatePrefix(prefix)).toBe(prefix);
  });

  it.each(['', 'A', '1abc', '-x', 'abcdefghijklm', 'a b', '../x', 'a;rm', 'a/b', 'ä'])(
    'rejects %j',
    (prefix) => {
      expect(() => validatePrefix(prefix)).toThrow(/Invalid lab prefix/);
    },
  );
});

describe('validateInteger', () => {
  it('accepts whole numbers in range and rejects the rest', () => {
    expect(validateInteger('count', 5, 1, 10)).toBe(5);
    for (const bad of [0, 11, 2.5, Number.NaN]) {
      expect(() => validateInteger('count', bad, 1, 10)).toThrow(LabOptionError);
    }
  });
});
