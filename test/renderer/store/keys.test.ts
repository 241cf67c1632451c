import { describe, expect, it } from 'vitest';
import { isSubflowKeyOf, subflowKey } from '../../../renderer/src/store/keys.js';

describe('subflowKey', () => {
  it('joins the token and both socket addresses like electron/monitor/keys.ts', () => {
    const key = subflowKey('0a0b0c0d', {
      local: { address: '198.51.100.1', port: 40000 },
      remote: { address: '198.51.100.2', port: 5201 },
    });
    expect(key).toBe('0a0b0c0d/198.51.100.1:40000 198.51.100.2:5201');
    expect(isSubflowKeyOf(key, '0a0b0c0d')).toBe(true);
    expect(isSubflowKeyOf(key, '0a0b0c0e')).toBe(false);
  });

  it('puts IPv6 addresses in brackets', () => {
    const key = subflowKey('00000001', {
      local: { address: '2001:db8::1', port: 443 },
      remote: { address: '2001:db8::2', port: 50000 },
    });
    expect(key).toBe('00000001/[2001:db8::1]:443 [2001:db8::2]:50000');
  });
});
