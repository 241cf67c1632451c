// The doctor and the person's remembered multipath choices: an interface set off is a note with
// the way back (never a fix Subflow applies, so --apply-all cannot undo it); one set backup whose
// endpoint vanished comes back as a backup; a choice of another namespace does not count; and
// the endpoint-missing fix brings the source routing the new endpoint needs.
import { describe, expect, it } from 'vitest';
import type { MultipathChoice } from '../../../electron/control/choices.js';
import { runDoctor } from '../../../electron/cli/doctor-command.js';
import { doctorInputFrom } from '../../../electron/doctor/doctor-input.js';
import type { DoctorInput } from '../../../electron/doctor/doctor-input.js';
import { runChecks } from '../../../electron/doctor/run-checks.js';
import { LO, link, sample } from '../../fixtures/monitor/samples.js';
import { FakeDoctorKernel } from './fake-doctor-kernel.js';
import { finding, ids, labInput, labState } from './inputs.js';

const chose = (name: string, mode: MultipathChoice['mode'], netns: string | null = 'lab-cli') => ({
  netns,
  interface: name,
  mode,
  time: Date.UTC(2026, 11, 2, 11, 58),
});

const withChoices = (input: DoctorInput, ...choices: MultipathChoice[]): DoctorInput => ({
  ...input,
  choices,
});

describe('remembered choices in the checks', () => {
  it('notes an interface set off as the person chose, with the command to turn it back on', () => {
    const findings = runChecks(withChoices(labInput({ endpoints: [] }), chose('blue-c', 'off')));
    const blue = finding(findings, 'endpoint-missing:blue-c');
    expect(blue.severity).toBe('info');
    expect(blue.summary).toBe(
      "blue-c has no MPTCP endpoint: multipath is off there, as you chose with 'subflow " +
        "multipath blue-c off --netns lab-cli' (2026-12-02 11:58 UTC), so no subflow is opened from it.",
    );
    expect(blue.fix).toMatchObject({
      commands: ['subflow multipath blue-c on --netns lab-cli'],
      applicable: false,
    });
    expect(blue.fix?.notApplicableReason).toMatch(/by your choice, which Subflow does not undo/);
    // red-c, where connections start, is then the only unsettled uplink: a note, not a warning.
    expect(finding(findings, 'endpoint-missing:red-c').severity).toBe('info');
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('without the choice, the same state is a warning whose fix re-adds the endpoint', () => {
    const blue = finding(runChecks(labInput({ endpoints: [] })), 'endpoint-missing:blue-c');
    expect(blue.severity).toBe('warning');
    expect(blue.fix?.applicable).toBe(true);
  });

  it('brings back an endpoint that vanished from an interface set backup, as a backup', () => {
    const blue = finding(
      runChecks(withChoices(labInput({ endpoints: [] }), chose('blue-c', 'backup'))),
      'endpoint-missing:blue-c',
    );
    expect(blue.severity).toBe('warning');
    expect(blue.summary).toMatch(/although you chose multipath backup there/);
    expect(blue.fix?.commands).toEqual([
      'ip -n lab-cli mptcp endpoint add 203.0.113.1 dev blue-c subflow backup',
    ]);
  });

  it('reads only the choices of the namespace examined, and reports an unreadable file', () => {
    const input = doctorInputFrom(
      sample(0, { endpoints: [] }),
      labState(),
      { netns: 'lab-cli' },
      {
        choices: [chose('blue-c', 'off', null), chose('red-c', 'off', 'other-ns')],
        problem:
          'multipath choices: /etc/subflow/multipath-choices.json could not be read (EACCES)',
      },
    );
    expect(input.choices).toEqual([]);
    const findings = runChecks(input);
    expect(finding(findings, 'endpoint-missing:blue-c').severity).toBe('warning');
    expect(finding(findings, 'readable:multipath-choices').summary).toMatch(/EACCES/);
  });
});

describe('a fix that leaves nothing new to fix', () => {
  it('adds the red-c endpoint with the source routing it needs, in a table of its own', () => {
    const red = finding(runChecks(labInput()), 'endpoint-missing:red-c');
    expect(red.fix?.commands).toEqual([
      'ip -n lab-cli mptcp endpoint add 198.51.100.1 dev red-c subflow',
      'ip -n lab-cli route add 198.51.100.0/24 dev red-c table 100',
      'ip -n lab-cli rule add from 198.51.100.1 table 100',
    ]);
    expect(red.fix?.description).toMatch(/and the source routing it needs \(creates table 100/);
  });

  it('gives two addresses of one interface one table, its routes added once', () => {
    const interfaces = [
      LO(),
      link(3, 'red-c', ['198.51.100.1', '198.51.100.7']),
      link(5, 'blue-c', ['203.0.113.1']),
    ];
    const red = finding(runChecks(labInput({ interfaces })), 'endpoint-missing:red-c');
    expect(red.fix?.commands).toEqual([
      'ip -n lab-cli mptcp endpoint add 198.51.100.1 dev red-c subflow',
      'ip -n lab-cli mptcp endpoint add 198.51.100.7 dev red-c subflow',
      'ip -n lab-cli route add 198.51.100.0/24 dev red-c table 100',
      'ip -n lab-cli rule add from 198.51.100.1 table 100',
      'ip -n lab-cli rule add from 198.51.100.7 table 100',
    ]);
  });

  it('--apply-all leaves an interface set off alone, and a second round finds nothing to apply', async () => {
    const kernel = new FakeDoctorKernel(sample(0, { endpoints: [] }));
    const choices = { load: () => Promise.resolve({ choices: [chose('blue-c', 'off', null)] }) };
    let out = '';
    const io = {
      write: (text: string) => {
        out += text;
      },
      openKernel: () => kernel,
      choices,
    };
    expect(await runDoctor(['--apply-all'], io)).toBe(0);
    expect(kernel.changes).toEqual([]);
    expect(out).toContain('No error or warning here can be fixed automatically.');
    out = '';
    expect(await runDoctor(['--json'], io)).toBe(0);
    const report = JSON.parse(out) as { findings: { id: string; severity: string }[] };
    expect(report.findings.map((f) => [f.id, f.severity])).toEqual([
      ['endpoint-missing:red-c', 'info'],
      ['endpoint-missing:blue-c', 'info'],
    ]);
    expect(ids(runChecks(labInput({ endpoints: [] })))).toContain('endpoint-missing:blue-c');
  });
});
