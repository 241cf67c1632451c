// Name ↔ number tables of the mptcp_pm family.
import { describe, expect, it } from 'vitest';
import {
  ENDPOINT_FLAGS_MASK,
  ENDPOINT_FLAG_NAMES,
  PM_EVENT_IDS,
  PM_EVENT_NAMES,
  endpointFlagBits,
  endpointFlagNames,
  pmEventName,
} from '../../../native/mptcp-pm/index.js';

describe('endpoint flags', () => {
  it('map names to the uapi bits and back', () => {
    expect(endpointFlagBits(['signal'])).toBe(1);
    expect(endpointFlagBits(['subflow', 'backup'])).toBe(6);
    expect(endpointFlagBits(['fullmesh', 'implicit', 'laminar'])).toBe(0x38);
    expect(endpointFlagBits([...ENDPOINT_FLAG_NAMES])).toBe(ENDPOINT_FLAGS_MASK);
    expect(endpointFlagNames(0x3f)).toEqual([...ENDPOINT_FLAG_NAMES]);
    expect(endpointFlagNames(0x40 | 0x20)).toEqual(['laminar']);
    expect(endpointFlagNames(0)).toEqual([]);
  });
});

describe('event names', () => {
  it('follow the kernel spec numbering', () => {
    expect(Object.fromEntries(PM_EVENT_NAMES)).toEqual({
      1: 'created',
      2: 'established',
      3: 'closed',
      6: 'announced',
      7: 'removed',
      10: 'sub-established',
      11: 'sub-closed',
      13: 'sub-priority',
      15: 'listener-created',
      16: 'listener-closed',
    });
    for (const [id, name] of PM_EVENT_NAMES) expect(PM_EVENT_IDS.get(name)).toBe(id);
    expect(pmEventName(13)).toBe('sub-priority');
    expect(pmEventName(4)).toBe('unknown-4');
  });
});
