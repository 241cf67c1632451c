// Telling Subflow's own endpoint changes from external ones: consecutive own changes (however
// fast) are never external; a change nobody logged is, exactly once; a sample taken while an own
// change runs is not judged; a change whose process died stops shielding after the timeout.
import { describe, expect, it } from 'vitest';
import {
  ChangeAttribution,
  OWN_CHANGE_TIMEOUT_MS,
} from '../../../electron/monitor/change-attribution.js';
import type { EndpointShape } from '../../../electron/monitor/endpoint-diff.js';
import { describeEndpointChange, endpointDiff } from '../../../electron/monitor/endpoint-diff.js';

// The lab's client namespace as `ip -n sf-cli mptcp endpoint` shows it: blue-c's address, id 1.
const on: EndpointShape[] = [{ id: 1, address: '203.0.113.1', flags: ['subflow'] }];
const backup: EndpointShape[] = [{ id: 1, address: '203.0.113.1', flags: ['subflow', 'backup'] }];
const off: EndpointShape[] = [];
const plus9: EndpointShape[] = [...on, { id: 9, address: '192.0.2.9', flags: ['subflow'] }];

describe('endpointDiff', () => {
  it('names added, removed and re-flagged endpoints by id', () => {
    expect(endpointDiff(on, plus9)).toEqual([
      { id: 9, address: '192.0.2.9', before: null, after: ['subflow'] },
    ]);
    expect(endpointDiff(on, off)).toEqual([
      { id: 1, address: '203.0.113.1', before: ['subflow'], after: null },
    ]);
    expect(endpointDiff(on, backup)).toEqual([
      { id: 1, address: '203.0.113.1', before: ['subflow'], after: ['subflow', 'backup'] },
    ]);
    expect(endpointDiff(backup, [{ ...backup[0]!, flags: ['backup', 'subflow'] }])).toEqual([]);
  });

  it('reads as a sentence', () => {
    const [added] = endpointDiff(on, plus9);
    expect(describeEndpointChange(added!)).toBe('endpoint id 9 192.0.2.9 added (subflow)');
    const [flags] = endpointDiff(on, backup);
    expect(describeEndpointChange(flags!)).toBe(
      'endpoint id 1 203.0.113.1 flags subflow → subflow, backup',
    );
  });
});

describe('ChangeAttribution', () => {
  it('never takes back-to-back own changes for external ones', () => {
    const a = new ChangeAttribution();
    expect(a.observe(0, 10, on)).toEqual([]); // first sample: the baseline
    let t = 100;
    for (const state of [backup, on, off, on]) {
      a.begin(`c${t}`, t);
      a.end(`c${t}`, t + 50, state);
      t += 700; // faster than one 1 s tick
      expect(a.observe(t - 100, t - 90, state)).toEqual([]);
    }
  });

  it('reports a change nobody logged, once', () => {
    const a = new ChangeAttribution();
    a.observe(0, 10, on);
    a.begin('x', 100);
    a.end('x', 150, backup);
    expect(a.observe(1000, 1010, backup)).toEqual([]);
    const found = a.observe(2000, 2010, [...backup, { id: 9, address: '192.0.2.9', flags: [] }]);
    expect(found.map((c) => c.id)).toEqual([9]);
    expect(a.observe(3000, 3010, [...backup, { id: 9, address: '192.0.2.9', flags: [] }])).toEqual(
      [],
    );
  });

  it('does not judge a sample taken while an own change runs', () => {
    const a = new ChangeAttribution();
    a.observe(0, 10, on);
    a.begin('slow', 100);
    expect(a.observe(150, 160, off)).toEqual([]); // half-way: endpoint deleted, not re-added
    a.end('slow', 200, backup);
    expect(a.observe(1000, 1010, backup)).toEqual([]);
  });

  it('does not compare an older sample with a newer own change', () => {
    const a = new ChangeAttribution();
    a.observe(0, 10, on);
    a.begin('late', 500);
    a.end('late', 600, off);
    // A sample that ended before the change began, judged after it ended.
    expect(a.observe(400, 450, on)).toEqual([]);
    expect(a.observe(1000, 1010, off)).toEqual([]);
  });

  it('stops shielding a change that never ended once it times out', () => {
    const a = new ChangeAttribution();
    a.observe(0, 10, on);
    a.begin('crashed', 100);
    expect(a.observe(1000, 1010, off)).toEqual([]);
    const late = 100 + OWN_CHANGE_TIMEOUT_MS + 1000;
    expect(a.observe(late, late + 10, off)).toEqual([]); // adopted, as nobody knows
    expect(a.observe(late + 1000, late + 1010, plus9).map((c) => c.id)).toEqual([1, 9]);
  });

  it('after a failed own change adopts the next sample without blame', () => {
    const a = new ChangeAttribution();
    a.observe(0, 10, on);
    a.begin('failed', 100);
    a.end('failed', 150, null);
    expect(a.observe(1000, 1010, off)).toEqual([]);
  });
});
