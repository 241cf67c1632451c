// `subflow doctor` against a fake kernel thread: text grouped by severity with the fix commands,
// --json, exit codes (0 clean or only notes/warnings, 1 errors or a fix not applied, 2 bad
// command line), --apply ID / --apply-all printed before they run and read back after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subflowCommand } from '../../../native/invocation.js';
import type { DoctorReport } from '../../../electron/contract.js';
import { runDoctor } from '../../../electron/cli/doctor-command.js';
import { UsageError } from '../../../electron/cli/command.js';
import { sample } from '../../fixtures/monitor/samples.js';
import { FakeDoctorKernel } from './fake-doctor-kernel.js';

function harness(kernel: FakeDoctorKernel) {
  let out = '';
  const opened: (string | null)[] = [];
  const io = {
    write: (text: string) => {
      out += text;
    },
    openKernel: (netns: string | null) => {
      opened.push(netns);
      return kernel;
    },
  };
  return { io, opened, output: () => out };
}

const broken = () =>
  new FakeDoctorKernel(sample(0, { endpoints: [], limits: { subflows: 0, addAddrAccepted: 2 } }));

// Applied fixes are logged in the shared action log: keep it out of /run.
const runDir = mkdtempSync(join(tmpdir(), 'sf-doctor-run-'));
beforeAll(() => {
  process.env.SUBFLOW_RUN_DIR = runDir;
});
afterAll(() => {
  delete process.env.SUBFLOW_RUN_DIR;
  rmSync(runDir, { recursive: true, force: true });
});

describe('subflow doctor', () => {
  it('prints findings grouped by severity with their commands, and exits 1 on errors', async () => {
    const kernel = broken();
    const h = harness(kernel);
    expect(await runDoctor(['--netns', 'lab-cli'], h.io)).toBe(1);
    const text = h.output();
    expect(h.opened).toEqual(['lab-cli']);
    expect(kernel.closed).toBe(true);
    expect(text).toMatch(/^MPTCP setup of namespace lab-cli \(fixes can be applied\)/);
    const errors = text.indexOf('Errors (1):');
    const warnings = text.indexOf('Warnings (2):');
    expect(errors).toBeGreaterThan(0);
    expect(warnings).toBeGreaterThan(errors);
    expect(text).toContain('  limits-subflows:limits  The subflows limit is 0');
    expect(text).toContain('      $ ip -n lab-cli mptcp limits set subflows 2');
    expect(text).toContain(
      '      $ ip -n lab-cli mptcp endpoint add 203.0.113.1 dev blue-c subflow',
    );
    expect(text).toContain('1 error, 2 warnings, 0 notes.');
    expect(text).toContain(`'${subflowCommand()} doctor --netns lab-cli --apply ID'`);
    expect(kernel.changes).toEqual([]);
  });

  it('exits 0 when only notes remain, and prints the DoctorReport with --json', async () => {
    const h = harness(new FakeDoctorKernel());
    expect(await runDoctor(['--json'], h.io)).toBe(0);
    const report = JSON.parse(h.output()) as DoctorReport;
    expect(report.netns).toBeNull();
    expect(report.findings.map((f) => f.id)).toEqual(['endpoint-missing:red-c']);
  });

  it('applies one fix: prints it first, changes only that, reads back', async () => {
    const kernel = broken();
    const h = harness(kernel);
    const code = await runDoctor(
      ['--netns', 'lab-cli', '--apply', 'endpoint-missing:blue-c'],
      h.io,
    );
    const text = h.output();
    expect(text.split('\n').slice(0, 3)).toEqual([
      'Applying endpoint-missing:blue-c: Adds an endpoint for 203.0.113.1 on blue-c with the subflow flag.',
      '  $ ip -n lab-cli mptcp endpoint add 203.0.113.1 dev blue-c subflow',
      'Read back from the kernel: endpoint-missing:blue-c is no longer reported.',
    ]);
    expect(kernel.changes.map((c) => c.op)).toEqual(['addEndpoint']);
    // The limits error is still there.
    expect(code).toBe(1);
  });

  it('applies every error and warning with --apply-all, not the notes', async () => {
    const kernel = broken();
    const h = harness(kernel);
    expect(await runDoctor(['--apply-all', '--json'], h.io)).toBe(0);
    const result = JSON.parse(h.output()) as { applied: { id: string }[]; report: DoctorReport };
    expect(result.applied.map((f) => f.id)).toEqual([
      'limits-subflows:limits',
      'endpoint-missing:red-c',
    ]);
    // Once red-c has its endpoint, blue-c is the only uplink without one: now only a note. The
    // red-c fix brought the source routing its endpoint needs, so applying left no new finding.
    expect(result.report.findings.map((f) => [f.id, f.severity])).toEqual([
      ['endpoint-missing:blue-c', 'info'],
    ]);
    expect(kernel.changes.map((c) => c.op)).toEqual([
      'setLimits',
      'addEndpoint',
      'addTableRoute',
      'addSourceRule',
    ]);
  });

  it('prints the commands instead of applying without CAP_NET_ADMIN, and exits 1', async () => {
    const kernel = broken();
    kernel.privileged = false;
    const h = harness(kernel);
    expect(await runDoctor(['--apply', 'limits-subflows:limits'], h.io)).toBe(1);
    expect(h.output()).toBe(
      'Cannot apply limits-subflows:limits here: applying it needs CAP_NET_ADMIN, which this ' +
        `process lacks: run the commands as root, or '${subflowCommand()} doctor --apply limits-subflows:limits' as root.\n` +
        'Run instead:\n' +
        '  $ ip mptcp limits set subflows 2\n',
    );
    expect(kernel.changes).toEqual([]);
  });

  it('refuses an unknown id and bad command lines', async () => {
    const h = harness(new FakeDoctorKernel());
    await expect(runDoctor(['--apply', 'rp-filter:eth9'], h.io)).rejects.toThrow(
      /no finding 'rp-filter:eth9' here \(found: endpoint-missing:red-c\)/,
    );
    await expect(runDoctor(['--apply', 'x', '--apply-all'], h.io)).rejects.toThrow(UsageError);
    await expect(runDoctor(['--netns', '../x'], h.io)).rejects.toThrow(UsageError);
    await expect(runDoctor(['--role', 'router'], h.io)).rejects.toThrow(UsageError);
    await expect(runDoctor(['extra'], h.io)).rejects.toThrow(UsageError);
  });
});
