import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { MultipathMode, RequestArgs, RequestName } from '../../electron/contract.js';
import { MULTIPATH_MODES, REQUEST_NAMES } from '../../electron/contract.js';
import {
  describeValue,
  interfaceNameProblem,
  isRequestName,
  multipathModeSchema,
  requestSchemas,
  validateRequest,
} from '../../electron/validation.js';

type Outputs = { [K in RequestName]: z.output<(typeof requestSchemas)[K]> };
type Expected = { [K in RequestName]: RequestArgs<K> };

function errorOf(name: unknown, args: unknown): string {
  const result = validateRequest(name, args);
  if (result.ok) throw new Error(`expected ${JSON.stringify(args)} to be refused`);
  expect(result.error.code).toBe('bad-request');
  return result.error.message;
}

describe('request schemas match the contract', () => {
  it('has a schema for every request name, and nothing else', () => {
    expectTypeOf<keyof typeof requestSchemas>().toEqualTypeOf<RequestName>();
    expect(Object.keys(requestSchemas).sort()).toEqual([...REQUEST_NAMES].sort());
  });

  it('gives each schema the output type RequestArgs<K>', () => {
    expectTypeOf<Outputs>().toEqualTypeOf<Expected>();
    expectTypeOf<Outputs['snapshot:get']>().toEqualTypeOf<RequestArgs<'snapshot:get'>>();
    expectTypeOf<Outputs['events:list']>().toEqualTypeOf<RequestArgs<'events:list'>>();
    expectTypeOf<Outputs['multipath:set']>().toEqualTypeOf<RequestArgs<'multipath:set'>>();
    expectTypeOf<Outputs['monitor:configure']>().toEqualTypeOf<RequestArgs<'monitor:configure'>>();
    expectTypeOf<Outputs['limits:set']>().toEqualTypeOf<RequestArgs<'limits:set'>>();
  });

  it('accepts limits from 0 to 8 and refuses anything else with the field named', () => {
    expect(validateRequest('limits:set', { subflows: 0, addAddrAccepted: 8 })).toEqual({
      ok: true,
      value: { subflows: 0, addAddrAccepted: 8 },
    });
    const cases: [unknown, RegExp][] = [
      [{ subflows: 9 }, /subflows.*at most 8/],
      [{ addAddrAccepted: -1 }, /addAddrAccepted.*at least 0/],
      [{ subflows: 1.5 }, /subflows.*whole number/],
      [{ subflows: '2' }, /subflows.*number/],
      [{}, /subflows and\/or addAddrAccepted/],
      [{ subflows: 1, extra: 1 }, /extra/],
    ];
    for (const [args, message] of cases) {
      const r = validateRequest('limits:set', args);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(message);
    }
  });

  it('types the result of validateRequest by request name', () => {
    const result = validateRequest('multipath:set', {});
    expectTypeOf(result).toEqualTypeOf<ReturnType<typeof validateRequest<'multipath:set'>>>();
    if (result.ok) expectTypeOf(result.value).toEqualTypeOf<RequestArgs<'multipath:set'>>();
  });

  it('accepts exactly the contract modes', () => {
    expectTypeOf<z.output<typeof multipathModeSchema>>().toEqualTypeOf<MultipathMode>();
    expect(multipathModeSchema.options).toEqual([...MULTIPATH_MODES]);
  });
});

describe('validateRequest', () => {
  it('accepts well-formed arguments and returns them', () => {
    expect(validateRequest('snapshot:get', {})).toEqual({ ok: true, value: {} });
    expect(validateRequest('events:list', {})).toEqual({ ok: true, value: {} });
    expect(validateRequest('events:list', { since: 0 })).toEqual({ ok: true, value: { since: 0 } });
    expect(validateRequest('events:list', { since: 1.7e12 + 0.5 }).ok).toBe(true);
    for (const mode of MULTIPATH_MODES) {
      expect(validateRequest('multipath:set', { interface: 'eth0', mode })).toEqual({
        ok: true,
        value: { interface: 'eth0', mode },
      });
    }
    for (const name of [
      ...['wlp2s0', 'veth-a.10', 'br_lan', 'x', 'a@b', '123456789012345'],
      // Linux accepts these (dev_valid_name); they go to the kernel by ifindex, never a shell.
      ...['eth0é', '<script>', '$(id)', 'eth0;reboot', '`id`', "it's", 'a&b', '\u001b[31mRED'],
    ]) {
      expect(validateRequest('multipath:set', { interface: name, mode: 'on' }).ok).toBe(true);
    }
    expect(validateRequest('monitor:configure', {})).toEqual({ ok: true, value: {} });
    expect(validateRequest('monitor:configure', { intervalMs: 100, paused: true }).ok).toBe(true);
    expect(validateRequest('monitor:configure', { intervalMs: 10_000 }).ok).toBe(true);
  });

  it.each([
    ['../x', '"/"'],
    ['a/b', '"/"'],
    ['.', '"." or ".."'],
    ['..', '"." or ".."'],
    ['', 'must not be empty'],
    ['eth 0', 'whitespace'],
    ['eth0\n', 'whitespace'],
    ['eth0\t', 'whitespace'],
    ['eth0\v', 'whitespace'],
    ['eth0\u00a0', 'whitespace'],
    // "à" is C3 A0 in UTF-8, and the kernel's isspace() takes the byte 0xA0 for a space.
    ['ethà', 'whitespace'],
    ['eth0:1', 'address labels'],
    ['eth0\0', 'NUL'],
    ['1234567890123456', '16 bytes long'],
    ['ééééééééé', '18 bytes long'],
  ])('refuses the interface name %j (%s)', (name, reason) => {
    const message = errorOf('multipath:set', { interface: name, mode: 'on' });
    expect(message).toContain('"interface"');
    expect(message).toContain(reason);
  });

  it('refuses bad modes, naming what is allowed', () => {
    for (const mode of ['ON', 'up', '', 1, null, ['on']]) {
      const message = errorOf('multipath:set', { interface: 'eth0', mode });
      expect(message).toContain('"mode" must be one of "on", "off", "backup"');
    }
  });

  it('says which field is missing', () => {
    expect(errorOf('multipath:set', { mode: 'on' })).toBe(
      'multipath:set: "interface" is missing: it must be an interface name (a string such as "eth0")',
    );
    expect(errorOf('multipath:set', { interface: 'eth0' })).toContain('"mode" is missing');
  });

  it('refuses unknown fields rather than ignoring a typo', () => {
    expect(errorOf('monitor:configure', { intervalMS: 500 })).toBe(
      'monitor:configure: unknown field "intervalMS"',
    );
    expect(errorOf('snapshot:get', { verbose: true })).toContain('takes no arguments');
    expect(errorOf('multipath:set', { interface: 'eth0', mode: 'on', force: 1 })).toContain(
      'unknown field "force"',
    );
  });

  it('takes a profile UUID to forget, and refuses anything else there', () => {
    const uuid = '38c4fc60-5a23-463c-ad3e-6b711861c92b';
    expect(validateRequest('multipath:forget', { interface: 'wlan0', profile: uuid })).toEqual({
      ok: true,
      value: { interface: 'wlan0', profile: uuid },
    });
    expect(validateRequest('multipath:forget', { interface: 'wlan0' }).ok).toBe(true);
    expect(errorOf('multipath:forget', { interface: 'wlan0', profile: 'Pixel hotspot' })).toContain(
      'must be a connection profile UUID',
    );
  });

  it('checks intervalMs: a whole number from 100 to 10,000', () => {
    expect(errorOf('monitor:configure', { intervalMs: 99 })).toContain('at least 100 ms (got 99)');
    expect(errorOf('monitor:configure', { intervalMs: 10_001 })).toContain('at most 10000 ms');
    expect(errorOf('monitor:configure', { intervalMs: 250.5 })).toContain('whole number');
    expect(errorOf('monitor:configure', { intervalMs: '500' })).toContain('got "500"');
    expect(errorOf('monitor:configure', { paused: 'yes' })).toContain(
      '"paused" must be true or false',
    );
  });

  it('checks since: a non-negative number', () => {
    expect(errorOf('events:list', { since: -1 })).toContain('"since" must not be negative');
    expect(errorOf('events:list', { since: '5' })).toContain('"since" must be a number');
    expect(errorOf('events:list', { since: Number.NaN })).toContain('"since"');
    expect(errorOf('events:list', { since: Number.POSITIVE_INFINITY })).toContain('"since"');
  });

  it('refuses arguments that are not an object', () => {
    for (const args of [undefined, null, 5, 'x', [], [1]]) {
      for (const name of REQUEST_NAMES) {
        expect(errorOf(name, args)).toContain('arguments must be a JSON object');
      }
    }
  });

  it('refuses unknown request names, listing the known ones', () => {
    expect(errorOf('shell:run', {})).toBe(
      `unknown request "shell:run"; known requests: ${REQUEST_NAMES.join(', ')}`,
    );
    for (const name of ['__proto__', 'constructor', 'toString', 42, null, undefined]) {
      expect(errorOf(name, {})).toContain('unknown request');
      expect(isRequestName(name)).toBe(false);
    }
    for (const name of REQUEST_NAMES) expect(isRequestName(name)).toBe(true);
  });

  it('keeps echoed values short', () => {
    const message = errorOf('multipath:set', { interface: 'x'.repeat(10_000), mode: 'on' });
    expect(message.length).toBeLessThan(200);
  });
});

describe('interfaceNameProblem', () => {
  it('follows the kernel exactly, whatever a shell would make of the name', () => {
    expect(interfaceNameProblem('eth0')).toBeNull();
    expect(interfaceNameProblem('eth0;reboot')).toBeNull();
    expect(interfaceNameProblem('a'.repeat(15))).toBeNull();
    expect(interfaceNameProblem('a'.repeat(16))).not.toBeNull();
  });
});

describe('describeValue', () => {
  it('says "an object" and "an array", never "a object"', () => {
    expect(describeValue({})).toBe('an object');
    expect(describeValue([])).toBe('an array');
    expect(describeValue(1)).toBe('1');
  });
});
