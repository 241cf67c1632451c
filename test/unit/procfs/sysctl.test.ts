import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseMptcpSysctls, readMptcpSysctls } from '../../../native/procfs/sysctl.js';

// Proc trees under test/fixtures/procfs: upstream/ and lab-client/ were copied from this Linux
// 6.18 machine by test/fixtures/capture/rtnl.ts; legacy/ and unavailable/ are constructed from
// the out-of-tree multipath-tcp.org kernel's documented sysctl names (see the README there),
// since no such kernel is here.
const tree = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/procfs/${name}`, import.meta.url));

describe('readMptcpSysctls', () => {
  it('types every file of an upstream 6.18 kernel', () => {
    expect(readMptcpSysctls(tree('upstream'))).toEqual({
      enabled: true,
      pathManager: 'kernel',
      pmType: 0,
      scheduler: 'default',
      availableSchedulers: ['default'],
      availablePathManagers: ['kernel', 'userspace'],
      addAddrTimeoutSec: 120,
      checksumEnabled: false,
      allowJoinInitialAddrPort: true,
      staleLossCnt: 4,
      blackholeTimeoutSec: 3600,
      closeTimeoutSec: 60,
      synRetransBeforeTcpFallback: 2,
      other: {},
    });
  });

  it('reads the legacy kernel names into `legacy`', () => {
    expect(readMptcpSysctls(tree('legacy'))).toEqual({
      legacy: {
        enabled: 1,
        checksum: true,
        pathManager: 'fullmesh',
        scheduler: 'default',
        synRetries: 3,
        debug: 0,
        version: 0,
      },
      other: {},
    });
  });

  it('returns null without the directory', () => {
    expect(readMptcpSysctls(tree('unavailable'))).toBeNull();
    expect(readMptcpSysctls(tree('does-not-exist'))).toBeNull();
  });
});

describe('parseMptcpSysctls', () => {
  it('keeps unknown names and badly shaped values in `other`, trimmed', () => {
    const s = parseMptcpSysctls({
      enabled: 'yes\n',
      stale_loss_cnt: ' 7 \n',
      future_knob: 'on\n',
      available_schedulers: '\n',
      checksum_enabled: '2\n',
    });
    expect(s.enabled).toBeUndefined();
    expect(s.staleLossCnt).toBe(7);
    expect(s.availableSchedulers).toEqual([]);
    expect(s.checksumEnabled).toBe(true);
    expect(s.other).toEqual({ enabled: 'yes', future_knob: 'on' });
    expect(s.legacy).toBeUndefined();
  });

  it('splits scheduler lists on any whitespace', () => {
    expect(
      parseMptcpSysctls({ available_schedulers: 'default  bpf_rr\tredundant\n' })
        .availableSchedulers,
    ).toEqual(['default', 'bpf_rr', 'redundant']);
  });

  it('is empty for no files', () => {
    expect(parseMptcpSysctls({})).toEqual({ other: {} });
  });
});
