// Applying a finding's fix against a fake kernel thread: exactly the actions its commands show,
// read back, the checks re-run; refusals (unknown id, unprivileged, manual fix) change nothing.
import { describe, expect, it } from 'vitest';
import { toApiError } from '../../../electron/api-errors.js';
import { createHost } from '../../../electron/host/create-host.js';
import { applyFinding } from '../../../electron/doctor/apply-fix.js';
import { doctorHandlers } from '../../../electron/doctor/doctor-handlers.js';
import { parseMptcpSysctls } from '../../../native/procfs/sysctl.js';
import { sample } from '../../fixtures/monitor/samples.js';
import { FakeDoctorKernel } from './fake-doctor-kernel.js';
import { ids, labRules, labState } from './inputs.js';

const options = { netns: 'lab-cli' };

describe('applyFinding', () => {
  it('runs the endpoint add the finding shows and reports the finding gone', async () => {
    const kernel = new FakeDoctorKernel(sample(0, { endpoints: [] }));
    const result = await applyFinding(kernel, 'endpoint-missing:blue-c', options);
    expect(kernel.changes).toEqual([
      { op: 'addEndpoint', args: { address: '203.0.113.1', ifindex: 5, flags: ['subflow'] } },
    ]);
    expect(result.applied.fix?.commands).toEqual([
      'ip -n lab-cli mptcp endpoint add 203.0.113.1 dev blue-c subflow',
    ]);
    expect(result.stillPresent).toBe(false);
    expect(ids(result.report.findings)).toEqual(['endpoint-missing:red-c']);
    expect(result.report.findings[0]?.severity).toBe('info');
  });

  it('writes sysctls through the kernel thread and reads them back', async () => {
    const kernel = new FakeDoctorKernel(
      sample(0, {
        kernel: { mptcp: 'upstream', enabled: false, pathManager: 'kernel', release: 'x' },
      }),
      labState({ sysctls: parseMptcpSysctls({ enabled: '0', path_manager: 'kernel' }) }),
    );
    const result = await applyFinding(kernel, 'mptcp-disabled:net.mptcp.enabled', options);
    expect(kernel.changes).toEqual([
      { op: 'writeSysctl', args: { path: ['net', 'mptcp', 'enabled'], value: '1' } },
    ]);
    expect(result.stillPresent).toBe(false);
  });

  it('adds the missing source rule by netlink', async () => {
    const kernel = new FakeDoctorKernel(
      sample(0),
      labState({ rules: labRules().filter((r) => r.table !== 200) }),
    );
    const result = await applyFinding(kernel, 'source-routing:203.0.113.1', options);
    expect(kernel.changes).toEqual([
      { op: 'addSourceRule', args: { from: '203.0.113.1', fromLength: 32, table: 200 } },
    ]);
    expect(result.stillPresent).toBe(false);
  });

  it('says the finding is still there when something undoes the change', async () => {
    const kernel = new FakeDoctorKernel(sample(0, { limits: { subflows: 0, addAddrAccepted: 2 } }));
    kernel.ignoreChanges = true;
    await expect(applyFinding(kernel, 'limits-subflows:limits', options)).rejects.toThrow(
      /was accepted but the subflows limit reads back 0/,
    );
  });

  it('refuses an id the fresh run does not report, touching nothing', async () => {
    const kernel = new FakeDoctorKernel();
    const err: unknown = await applyFinding(kernel, 'rp-filter:blue-c', options).catch(
      (e: unknown) => e,
    );
    expect(toApiError(err)).toMatchObject({ code: 'not-found' });
    expect(toApiError(err).message).toMatch(
      /does not report 'rp-filter:blue-c' \(it reports: endpoint-missing:red-c\)/,
    );
    expect(kernel.changes).toEqual([]);
  });

  it('refuses without CAP_NET_ADMIN before touching anything', async () => {
    const kernel = new FakeDoctorKernel(sample(0, { endpoints: [] }));
    kernel.privileged = false;
    const err: unknown = await applyFinding(kernel, 'endpoint-missing:blue-c', options).catch(
      (e: unknown) => e,
    );
    expect(toApiError(err)).toMatchObject({ code: 'permission' });
    expect(toApiError(err).message).toMatch(/CAP_NET_ADMIN/);
    expect(kernel.changes).toEqual([]);
  });

  it('refuses a fix only a person can make', async () => {
    const kernel = new FakeDoctorKernel(
      sample(0),
      labState({ processes: [{ name: 'NetworkManager', pid: 3, sameNetns: true }] }),
    );
    const err: unknown = await applyFinding(
      kernel,
      'endpoint-manager:NetworkManager',
      options,
    ).catch((e: unknown) => e);
    expect(toApiError(err)).toMatchObject({ code: 'bad-request' });
    expect(kernel.changes).toEqual([]);
  });
});

describe('doctorHandlers through the Host', () => {
  it('runs the checks and applies a fix of the fresh run; an unknown id is not-found', async () => {
    const kernel = new FakeDoctorKernel(sample(0, { endpoints: [] }));
    const host = createHost({
      handlers: [doctorHandlers(() => kernel, options)],
      pushes: () => () => {},
    });
    const run = await host.invoke('doctor:run', {});
    expect(run.ok && run.value.findings.map((f) => f.id)).toEqual([
      'endpoint-missing:red-c',
      'endpoint-missing:blue-c',
    ]);
    const applied = await host.invoke('doctor:apply', { id: 'endpoint-missing:blue-c' });
    expect(applied.ok && applied.value.applied.id).toBe('endpoint-missing:blue-c');
    expect(applied.ok && applied.value.report.findings.map((f) => f.severity)).toEqual(['info']);
    const missing = await host.invoke('doctor:apply', { id: 'endpoint-missing:blue-c' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('follows a privilege override: unprivileged hosts list commands and refuse to apply', async () => {
    const kernel = new FakeDoctorKernel(sample(0, { endpoints: [] }));
    const host = createHost({
      handlers: [doctorHandlers(() => kernel, { ...options, privileged: false })],
      pushes: () => () => {},
    });
    const run = await host.invoke('doctor:run', {});
    const fix = run.ok ? run.value.findings[1]?.fix : undefined;
    expect(fix).toMatchObject({ applicable: false });
    expect(fix?.notApplicableReason).toMatch(/CAP_NET_ADMIN/);
    const refused = await host.invoke('doctor:apply', { id: 'endpoint-missing:blue-c' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'permission' } });
    expect(kernel.changes).toEqual([]);
  });
});
