import { describe, expect, it } from 'vitest';
import {
  IFF_MPBACKUP,
  IFF_NOMULTIPATH,
  encodeLegacyMultipath,
  legacyMultipathOf,
} from '../../../native/rtnl/legacy-multipath.js';

// No multipath-tcp.org kernel is available here, so the RTM_SETLINK payload is checked byte by
// byte against struct ifinfomsg as that kernel's `ip link set dev X multipath …` fills it.
const fields = (
  b: Uint8Array,
): { family: number; index: number; flags: number; change: number } => {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return {
    family: v.getUint8(0),
    index: v.getInt32(4, true),
    flags: v.getUint32(8, true),
    change: v.getUint32(12, true),
  };
};

describe('legacy multipath switch', () => {
  it('encodes on, off and backup, changing only the two multipath bits', () => {
    const mask = IFF_NOMULTIPATH | IFF_MPBACKUP;
    expect(fields(encodeLegacyMultipath(3, 'on'))).toEqual({
      family: 0,
      index: 3,
      flags: 0,
      change: mask,
    });
    expect(fields(encodeLegacyMultipath(3, 'off'))).toEqual({
      family: 0,
      index: 3,
      flags: 0x80000,
      change: mask,
    });
    expect(fields(encodeLegacyMultipath(7, 'backup'))).toEqual({
      family: 0,
      index: 7,
      flags: 0x100000,
      change: mask,
    });
    expect(encodeLegacyMultipath(1, 'on')).toHaveLength(16);
  });

  it('round-trips through legacyMultipathOf', () => {
    for (const mode of ['on', 'off', 'backup'] as const) {
      expect(legacyMultipathOf(fields(encodeLegacyMultipath(2, mode)).flags)).toBe(mode);
    }
    expect(legacyMultipathOf(IFF_NOMULTIPATH | IFF_MPBACKUP)).toBe('off');
  });

  it('refuses an ifindex that is not a positive integer', () => {
    expect(() => encodeLegacyMultipath(0, 'on')).toThrow(RangeError);
    expect(() => encodeLegacyMultipath(1.5, 'on')).toThrow(RangeError);
    expect(() => encodeLegacyMultipath(2 ** 31, 'on')).toThrow(RangeError);
  });
});
