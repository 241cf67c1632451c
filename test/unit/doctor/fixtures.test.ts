// The checks on state captured from the real kernel in the lab's client namespace: as captured
// only a note is left (red-c, where connections start, has no endpoint); each thing broken on
// purpose in that state is named with the fix a person would type.
import { describe, expect, it } from 'vitest';
import { buildReport, runChecks } from '../../../electron/doctor/run-checks.js';
import { fixtureInput, fixtureRules, fixtureState } from './kernel-fixtures.js';
import { finding, ids } from './inputs.js';

describe('the lab client as captured', () => {
  it('has only a note, and every check ran', () => {
    const report = buildReport(fixtureInput());
    expect(report.findings.map((f) => [f.id, f.severity])).toEqual([
      ['endpoint-missing:red-c', 'info'],
    ]);
    expect(report.checks).toHaveLength(14);
    expect(report.checks).toContain('source-routing');
  });

  it('names the IPv6 source rule when it is removed, with the rule to add back', () => {
    const rules = fixtureRules().filter((r) => !(r.family === 6 && r.table === 200));
    const f = finding(runChecks(fixtureInput({ rules })), 'source-routing:2001:db8:2::1');
    expect(f.fix?.commands).toEqual(['ip -n lab-cli -6 rule add from 2001:db8:2::1 table 200']);
    // The IPv4 rule is still there: 203.0.113.1 is fine.
    expect(ids(runChecks(fixtureInput({ rules })))).not.toContain('source-routing:203.0.113.1');
  });

  it('names strict rp_filter on blue-c', () => {
    const rpFilter = { ...fixtureState().rpFilter!, interfaces: { 'blue-c': 1 } };
    const f = finding(runChecks(fixtureInput({ rpFilter })), 'rp-filter:blue-c');
    expect(f.summary).toMatch(/carries MPTCP subflows/);
  });
});
