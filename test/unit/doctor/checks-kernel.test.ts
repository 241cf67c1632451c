// The kernel and path-manager checks on constructed inputs: each fires on its problem and stays
// quiet without it.
import { describe, expect, it } from 'vitest';
import { buildReport, runChecks } from '../../../electron/doctor/run-checks.js';
import type { DoctorKernelState } from '../../../native/kernel/doctor-ops.js';
import { parseMptcpSysctls } from '../../../native/procfs/sysctl.js';
import { finding, ids, labInput } from './inputs.js';

const upstream = {
  mptcp: 'upstream' as const,
  enabled: true,
  pathManager: 'kernel',
  release: '6.18.0-test',
};

describe('mptcp-unavailable', () => {
  const input = labInput({
    kernel: { mptcp: 'unavailable', enabled: false, release: '4.19.0', reason: 'no CONFIG_MPTCP' },
  });

  it('is an error without a fix Subflow can apply, and the other checks do not run', () => {
    const report = buildReport(input);
    expect(ids(report.findings)).toEqual(['mptcp-unavailable:kernel']);
    const f = finding(report.findings, 'mptcp-unavailable:kernel');
    expect(f.severity).toBe('error');
    expect(f.summary).toContain('4.19.0');
    expect(f.fix?.applicable).toBe(false);
    expect(f.fix?.notApplicableReason).toMatch(/another kernel/);
    expect(report.checks).toEqual(['readable', 'mptcp-unavailable']);
  });

  it('stays quiet on a kernel with MPTCP', () => {
    expect(ids(runChecks(labInput()))).not.toContain('mptcp-unavailable:kernel');
  });
});

describe('mptcp-disabled', () => {
  it('fires on net.mptcp.enabled = 0 with the sysctl command for the namespace', () => {
    const input = labInput(
      { kernel: { ...upstream, enabled: false } },
      { sysctls: parseMptcpSysctls({ enabled: '0', path_manager: 'kernel' }) },
    );
    const f = finding(runChecks(input), 'mptcp-disabled:net.mptcp.enabled');
    expect(f.severity).toBe('error');
    expect(f.fix?.commands).toEqual(['ip netns exec lab-cli sysctl -w net.mptcp.enabled=1']);
    expect(f.fix?.applicable).toBe(true);
  });

  it('uses mptcp_enabled on the legacy kernel', () => {
    const input = labInput(
      { kernel: { mptcp: 'legacy', enabled: false, release: '4.19.234-mptcp' } },
      { sysctls: parseMptcpSysctls({ mptcp_enabled: '0', mptcp_path_manager: 'fullmesh' }) },
      { netns: null },
    );
    const f = finding(runChecks(input), 'mptcp-disabled:net.mptcp.mptcp_enabled');
    expect(f.fix?.commands).toEqual(['sysctl -w net.mptcp.mptcp_enabled=1']);
  });

  it('stays quiet when enabled', () => {
    expect(runChecks(labInput()).some((f) => f.check === 'mptcp-disabled')).toBe(false);
  });
});

describe('legacy kernel', () => {
  const legacy = (pm: string) =>
    labInput(
      { kernel: { mptcp: 'legacy', enabled: true, pathManager: pm, release: '4.19.234-mptcp' } },
      { sysctls: parseMptcpSysctls({ mptcp_enabled: '1', mptcp_path_manager: pm }) },
    );

  it('says which kernel it is, and that the default path manager opens no subflow', () => {
    const findings = runChecks(legacy('default'));
    expect(finding(findings, 'legacy-kernel:kernel').severity).toBe('info');
    const pm = finding(findings, 'legacy-path-manager:net.mptcp.mptcp_path_manager');
    expect(pm.severity).toBe('warning');
    expect(pm.fix?.commands).toEqual([
      'ip netns exec lab-cli sysctl -w net.mptcp.mptcp_path_manager=fullmesh',
    ]);
    // Endpoints and limits do not exist there: those checks do not run.
    expect(
      findings.some((f) => f.check.startsWith('endpoint-') || f.check === 'limits-subflows'),
    ).toBe(false);
  });

  it('does not complain about fullmesh', () => {
    expect(ids(runChecks(legacy('fullmesh')))).toEqual(['legacy-kernel:kernel']);
  });
});

describe('userspace path manager', () => {
  const userspace = (processes: DoctorKernelState['processes'] = []) =>
    labInput(
      { kernel: { ...upstream, pathManager: 'userspace' } },
      {
        sysctls: parseMptcpSysctls({ enabled: '1', path_manager: 'userspace' }),
        processes,
      },
    );

  it('is an error without mptcpd, fixed by path_manager=kernel', () => {
    const f = finding(runChecks(userspace()), 'userspace-pm-no-daemon:net.mptcp.path_manager');
    expect(f.severity).toBe('error');
    expect(f.fix?.commands).toEqual([
      'ip netns exec lab-cli sysctl -w net.mptcp.path_manager=kernel',
    ]);
  });

  it('uses pm_type on kernels without path_manager', () => {
    const input = labInput(
      { kernel: { ...upstream, pathManager: 'userspace' } },
      { sysctls: parseMptcpSysctls({ enabled: '1', pm_type: '1' }) },
    );
    const f = finding(runChecks(input), 'userspace-pm-no-daemon:net.mptcp.pm_type');
    expect(f.fix?.commands).toEqual(['ip netns exec lab-cli sysctl -w net.mptcp.pm_type=0']);
  });

  it('is quiet when mptcpd runs in the namespace, and says mptcpd drives it', () => {
    const findings = runChecks(userspace([{ name: 'mptcpd', pid: 42, sameNetns: true }]));
    expect(findings.some((f) => f.check === 'userspace-pm-no-daemon')).toBe(false);
    expect(finding(findings, 'endpoint-manager:mptcpd').summary).toMatch(/drives the userspace/);
  });

  it('still fires when the only mptcpd runs in another namespace', () => {
    const findings = runChecks(userspace([{ name: 'mptcpd', pid: 42, sameNetns: false }]));
    expect(ids(findings)).toContain('userspace-pm-no-daemon:net.mptcp.path_manager');
    expect(ids(findings)).not.toContain('endpoint-manager:mptcpd');
  });
});

describe('endpoint managers', () => {
  it('notes NetworkManager in the namespace, with the nmcli command to copy', () => {
    const input = labInput(
      {},
      { processes: [{ name: 'NetworkManager', pid: 7, sameNetns: true }] },
    );
    const f = finding(runChecks(input), 'endpoint-manager:NetworkManager');
    expect(f.severity).toBe('info');
    expect(f.summary).toMatch(/pid 7.*may be undone/);
    expect(f.fix?.applicable).toBe(false);
    expect(f.fix?.commands[0]).toMatch(/^nmcli connection modify CONNECTION/);
  });

  it('says when it cannot tell the namespace of the process', () => {
    const input = labInput({}, { processes: [{ name: 'mptcpd', pid: 9, sameNetns: null }] });
    expect(finding(runChecks(input), 'endpoint-manager:mptcpd').summary).toMatch(
      /could not be read.*adds and removes/,
    );
  });

  it('ignores programs of other namespaces', () => {
    const input = labInput(
      {},
      { processes: [{ name: 'NetworkManager', pid: 7, sameNetns: false }] },
    );
    expect(runChecks(input).some((f) => f.check === 'endpoint-manager')).toBe(false);
  });
});
