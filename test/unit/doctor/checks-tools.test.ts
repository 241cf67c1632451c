// The tool check: a missing mptcpize is a note with the command that installs it, which the
// doctor never runs itself (so --apply-all leaves it alone).
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../electron/doctor/run-checks.js';
import { finding, ids, labInput } from './inputs.js';

describe('tool-missing', () => {
  it('notes a missing mptcpize with its own package and the install command', () => {
    const f = finding(
      runChecks(labInput({}, { missingTools: ['mptcpize'] })),
      'tool-missing:mptcpize',
    );
    expect(f.severity).toBe('info');
    expect(f.summary).toMatch(/`mptcpize` is not installed/);
    expect(f.summary).toMatch(/Debian package is mptcpize/);
    expect(f.fix?.commands).toEqual(['sudo apt-get install mptcpize']);
    expect(f.fix?.applicable).toBe(false);
    expect(f.fix?.notApplicableReason).toMatch(/run the command yourself/);
  });

  it('says nothing when the tools are there or were not looked for', () => {
    expect(ids(runChecks(labInput({}, { missingTools: [] })))).not.toContain(
      'tool-missing:mptcpize',
    );
    expect(ids(runChecks(labInput({})))).not.toContain('tool-missing:mptcpize');
  });
});
