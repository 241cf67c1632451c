import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFamily } from '../../../native/netlink/genl.js';
import { parseMessages } from '../../../native/netlink/message.js';
import { unexpectedError } from '../../support/fuzz.js';

// Captured from Linux 6.18 by test/fixtures/capture/genl.ts.
const fixture = new Uint8Array(
  readFileSync(new URL('../../fixtures/genl/ctrl-getfamily-mptcp_pm.bin', import.meta.url)),
);

describe('generic netlink family resolution', () => {
  it('decodes the controller reply for mptcp_pm', () => {
    const [msg] = parseMessages(fixture);
    const family = decodeFamily(msg!);
    expect(family.name).toBe('mptcp_pm');
    expect(family.version).toBe(1);
    expect(family.id).toBeGreaterThanOrEqual(0x10);
    expect(family.groups.get('mptcp_pm_events')).toBeTypeOf('number');
  });

  it('decodes or rejects every truncation of the capture', () => {
    for (let n = 0; n <= fixture.length; n++) {
      const cut = fixture.subarray(0, n);
      expect(
        unexpectedError(() => {
          for (const m of parseMessages(cut)) decodeFamily(m);
        }),
      ).toBeUndefined();
    }
  });
});
