// The Setup panel's pure parts: grouping and tallies, the checks sentence, outcome sentences,
// and the reducer that keeps one fix step at a time.
import { describe, expect, it } from 'vitest';
import {
  doctorReducer,
  INITIAL_DOCTOR_STATE,
  isBusy,
} from '../../../renderer/src/views/setup/doctor-state.js';
import {
  appliedOutcome,
  checkLabel,
  checkedList,
  checksSentence,
  contextSentence,
  groupBySeverity,
  sentence,
  tally,
} from '../../../renderer/src/views/setup/setup-text.js';
import { addAddrNote, endpointMissing, limitsError, nmNote, report } from './doctor-fixtures.js';

describe('setup text', () => {
  it('groups findings errors first, leaving out empty severities', () => {
    const groups = groupBySeverity([addAddrNote, endpointMissing('red-c'), nmNote]);
    expect(groups.map((g) => [g.title, g.findings.map((f) => f.id)])).toEqual([
      ['Warnings', ['endpoint-missing:red-c']],
      ['Notes', ['add-addr-accepted:limits', 'endpoint-manager:NetworkManager']],
    ]);
    expect(tally([limitsError, addAddrNote, nmNote])).toBe('1 error, 2 notes');
  });

  it('says which checks ran and what they found', () => {
    expect(checksSentence({ ...report([]), checks: ['rp-filter'] })).toBe(
      '1 check passed: rp_filter.',
    );
    const notes = { ...report([nmNote]), checks: ['endpoint-manager', 'new-check'] };
    expect(checksSentence(notes)).toBe('2 checks ran: no errors or warnings, 1 note.');
    expect(checkedList(notes)).toBe('other endpoint managers, new-check');
    expect(checkLabel('some-future-check')).toBe('some-future-check');
  });

  it('says where the checks ran and whether fixes can be applied', () => {
    expect(contextSentence(null, true)).toBe(
      'MPTCP setup of this host: fixes can be applied from here.',
    );
    expect(contextSentence('lab-cli', undefined)).toBe('MPTCP setup of namespace lab-cli.');
  });

  it('makes messages sentences without respelling names', () => {
    expect(sentence('the namespace is gone: pick another')).toBe(
      'The namespace is gone: pick another.',
    );
    expect(sentence('blue-c has no address.')).toBe('blue-c has no address.');
    expect(sentence('doctor:run failed')).toBe('doctor:run failed.');
  });

  it('tells fixed from still present', () => {
    const applied = endpointMissing('blue-c');
    expect(appliedOutcome({ applied, report: report([]), stillPresent: false })).toEqual({
      id: applied.id,
      tone: 'ok',
      text: 'endpoint-missing:blue-c fixed — checked again.',
      brief: 'endpoint-missing:blue-c fixed — checked again.',
    });
    const still = appliedOutcome({ applied, report: report([applied]), stillPresent: true });
    expect(still.tone).toBe('warning');
    expect(still.text).toBe(
      `The fix for endpoint-missing:blue-c ran but the problem is still there: ${applied.summary}`,
    );
  });
});

describe('doctorReducer', () => {
  it('confirms one fix at a time and none while busy', () => {
    let s = doctorReducer(INITIAL_DOCTOR_STATE, { type: 'confirm', id: 'a' });
    s = doctorReducer(s, { type: 'confirm', id: 'b' });
    expect(s.step).toEqual({ kind: 'confirm', id: 'b' });
    s = doctorReducer(s, { type: 'apply-start', id: 'b' });
    expect(isBusy(s)).toBe(true);
    expect(doctorReducer(s, { type: 'confirm', id: 'a' }).step).toEqual({
      kind: 'applying',
      id: 'b',
    });
    expect(doctorReducer(s, { type: 'cancel' })).toBe(s);
  });

  it('keeps the last report when a run fails', () => {
    const first = doctorReducer(INITIAL_DOCTOR_STATE, {
      type: 'run-done',
      result: { ok: true, value: report([nmNote]) },
    });
    const failed = doctorReducer(doctorReducer(first, { type: 'run-start' }), {
      type: 'run-done',
      result: { ok: false, error: { code: 'kernel', message: 'netlink timed out: try again' } },
    });
    expect(failed.report).toBe(first.report);
    expect(failed.running).toBe(false);
    expect(failed.runError).toBe('Netlink timed out: try again.');
  });
});
