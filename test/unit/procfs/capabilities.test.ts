import { describe, expect, it } from 'vitest';
import { hasNetAdmin } from '../../../native/procfs/capabilities.js';

describe('CAP_NET_ADMIN from /proc/self/status', () => {
  it('reads bit 12 of CapEff', () => {
    expect(hasNetAdmin('Name:\tnode\nCapEff:\t000001ffffffffff\n')).toBe(true);
    expect(hasNetAdmin('CapEff:\t0000000000001000\n')).toBe(true);
    expect(hasNetAdmin('CapEff:\t0000000000000000\n')).toBe(false);
    expect(hasNetAdmin('CapEff:\t0000000000000800\n')).toBe(false);
  });
  it('treats a missing or malformed line as unprivileged', () => {
    expect(hasNetAdmin('Name:\tnode\n')).toBe(false);
    expect(hasNetAdmin('CapEff:\tzz\n')).toBe(false);
  });
});
