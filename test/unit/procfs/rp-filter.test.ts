import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  effectiveRpFilter,
  parseRpFilter,
  readRpFilter,
  rpFilterMode,
} from '../../../native/procfs/rp-filter.js';

// upstream/ and lab-client/ were copied from this machine; legacy/ is constructed (values made
// up to cover strict and loose), see test/fixtures/procfs/README.md.
const tree = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/procfs/${name}`, import.meta.url));

describe('rp_filter', () => {
  it('reads every interface of the lab client', () => {
    expect(readRpFilter(tree('lab-client'))).toEqual({
      all: 0,
      default: 0,
      interfaces: { 'blue-c': 0, lo: 0, 'red-c': 0 },
    });
  });

  it('applies the larger of all and the interface, as the kernel does', () => {
    const conf = readRpFilter(tree('legacy'));
    expect(conf.interfaces).toEqual({ eth0: 1, wlan0: 2 });
    expect(effectiveRpFilter(conf, 'eth0')).toBe('strict');
    expect(effectiveRpFilter(conf, 'wlan0')).toBe('loose');
    expect(effectiveRpFilter({ ...conf, all: 2 }, 'eth0')).toBe('loose');
    expect(effectiveRpFilter(conf, 'new0')).toBe('strict'); // falls back to default
  });

  it('names the modes and skips unreadable values', () => {
    expect([0, 1, 2].map(rpFilterMode)).toEqual(['off', 'strict', 'loose']);
    expect(parseRpFilter({ all: '1\n', eth0: 'x', lo: '0\n' })).toEqual({
      all: 1,
      default: 0,
      interfaces: { lo: 0 },
    });
  });
});
