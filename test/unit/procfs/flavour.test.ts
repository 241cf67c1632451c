import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MptcpUnavailableError } from '../../../native/errors.js';
import {
  detectMptcpFlavour,
  pathManagerMode,
  probeMptcpFlavour,
  requireMptcp,
} from '../../../native/procfs/flavour.js';
import { kernelRelease, kernelVersion } from '../../../native/procfs/kernel.js';
import { parseMptcpSysctls } from '../../../native/procfs/sysctl.js';

// upstream/ is this machine's /proc; legacy/ and unavailable/ are constructed from the
// multipath-tcp.org kernel's documented names (test/fixtures/procfs/README.md).
const tree = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/procfs/${name}`, import.meta.url));

describe('probeMptcpFlavour on fixture trees', () => {
  it('recognises the upstream kernel', () => {
    expect(probeMptcpFlavour(tree('upstream'), true)).toEqual({
      mptcp: 'upstream',
      enabled: true,
      pathManager: 'kernel',
      scheduler: 'default',
    });
  });

  it('recognises the legacy kernel', () => {
    expect(probeMptcpFlavour(tree('legacy'))).toEqual({
      mptcp: 'legacy',
      enabled: true,
      pathManager: 'fullmesh',
      scheduler: 'default',
    });
  });

  it('explains a kernel without MPTCP', () => {
    const k = probeMptcpFlavour(tree('unavailable'), false);
    expect(k.mptcp).toBe('unavailable');
    expect(k.enabled).toBe(false);
    expect(k.reason).toMatch(/built without CONFIG_MPTCP/);
    expect(() => {
      requireMptcp(k);
    }).toThrow(MptcpUnavailableError);
  });
});

describe('detectMptcpFlavour', () => {
  const upstream = (files: Record<string, string>): ReturnType<typeof parseMptcpSysctls> =>
    parseMptcpSysctls({ enabled: '1', pm_type: '0', scheduler: 'default', ...files });

  it('says how to enable MPTCP when net.mptcp.enabled = 0', () => {
    const k = detectMptcpFlavour({ sysctls: upstream({ enabled: '0' }), legacyProcNet: false });
    expect(k).toMatchObject({ mptcp: 'upstream', enabled: false });
    expect(k.reason).toBe('net.mptcp.enabled = 0: enable it with sysctl -w net.mptcp.enabled=1');
    expect(() => {
      requireMptcp(k);
    }).toThrow(/sysctl -w net.mptcp.enabled=1/);
  });

  it('notes a kernel without the mptcp_pm family, but still upstream and enabled', () => {
    const k = detectMptcpFlavour({ sysctls: upstream({}), legacyProcNet: false, pmFamily: false });
    expect(k).toMatchObject({ mptcp: 'upstream', enabled: true, pathManager: 'kernel' });
    expect(k.reason).toMatch(/mptcp_pm/);
    expect(() => {
      requireMptcp(k);
    }).not.toThrow();
  });

  it('handles a disabled legacy kernel and one known only by /proc/net/mptcp_net', () => {
    const off = detectMptcpFlavour({
      sysctls: parseMptcpSysctls({ mptcp_enabled: '0' }),
      legacyProcNet: true,
    });
    expect(off).toMatchObject({ mptcp: 'legacy', enabled: false });
    expect(off.reason).toMatch(/sysctl -w net.mptcp.mptcp_enabled=1/);
    expect(detectMptcpFlavour({ sysctls: null, legacyProcNet: true })).toEqual({
      mptcp: 'legacy',
      enabled: true,
    });
    const onDemand = detectMptcpFlavour({
      sysctls: parseMptcpSysctls({ mptcp_enabled: '2' }),
      legacyProcNet: false,
    });
    expect(onDemand.enabled).toBe(true);
  });

  it('reports an unrecognised /proc/sys/net/mptcp as unavailable', () => {
    const k = detectMptcpFlavour({
      sysctls: parseMptcpSysctls({ odd: '1' }),
      legacyProcNet: false,
    });
    expect(k.mptcp).toBe('unavailable');
    expect(k.reason).toMatch(/neither "enabled" nor "mptcp_enabled"/);
  });
});

describe('pathManagerMode', () => {
  it('prefers path_manager and falls back to pm_type', () => {
    expect(pathManagerMode(parseMptcpSysctls({ path_manager: 'userspace', pm_type: '0' }))).toBe(
      'userspace',
    );
    expect(pathManagerMode(parseMptcpSysctls({ pm_type: '1' }))).toBe('userspace');
    expect(pathManagerMode(parseMptcpSysctls({ pm_type: '0' }))).toBe('kernel');
    expect(pathManagerMode(parseMptcpSysctls({ pm_type: '5' }))).toBeUndefined();
    expect(pathManagerMode(parseMptcpSysctls({ path_manager: 'bpf' }))).toBeUndefined();
    expect(pathManagerMode(parseMptcpSysctls({}))).toBeUndefined();
  });
});

describe('kernel release', () => {
  it('reads and splits the release', () => {
    expect(kernelRelease()).toMatch(/^\d+\.\d+/);
    expect(kernelVersion('6.18.44-fc-v657')).toEqual([6, 18]);
    expect(kernelVersion('weird')).toBeNull();
  });
});
