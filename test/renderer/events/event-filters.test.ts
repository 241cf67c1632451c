import { describe, expect, it } from 'vitest';
import type { PmEvent } from '../../../electron/contract.js';
import {
  clockText,
  errorText,
  eventGroup,
  eventLabel,
} from '../../../renderer/src/views/events/event-text.js';
import {
  countNewer,
  eventKeys,
  filterEvents,
  tokensSeen,
} from '../../../renderer/src/views/events/filter-events.js';
import { event, T0 } from '../connections/fixtures.js';

const E1 = event({ time: T0 + 3, type: 'sub-closed', token: 'aaaaaaaa' });
const E2 = event({ time: T0 + 2, type: 'announced', token: 'bbbbbbbb', source: 'inferred' });
const E3 = event({ time: T0 + 1, type: 'monitor', message: 'MPTCP was disabled.' });
const E4 = event({ time: T0, type: 'created', token: 'aaaaaaaa' });
const ALL: PmEvent[] = [E1, E2, E3, E4];

describe('event text', () => {
  it('names event types in words', () => {
    expect(eventLabel('sub-established')).toBe('subflow established');
    expect(eventLabel('announced')).toBe('address announced');
    expect(eventLabel('unknown-42')).toBe('unknown event 42');
  });

  it('groups types for the filter', () => {
    expect(eventGroup('sub-priority')).toBe('subflows');
    expect(eventGroup('removed')).toBe('addresses');
    expect(eventGroup('listener-created')).toBe('connections');
    expect(eventGroup('resync')).toBe('monitor');
  });

  it('shows local time with milliseconds', () => {
    const t = new Date(2025, 0, 2, 3, 4, 5, 67).getTime();
    expect(clockText(t)).toBe('03:04:05.067');
  });

  it('names common kernel errors', () => {
    expect(errorText(110)).toBe('error 110 (timed out)');
    expect(errorText(-111)).toBe('error -111 (connection refused)');
    expect(errorText(7)).toBe('error 7');
  });
});

describe('event filters', () => {
  it('filters by connection and by type group, keeping order', () => {
    expect(filterEvents(ALL, { token: 'aaaaaaaa', group: null })).toEqual([E1, E4]);
    expect(filterEvents(ALL, { token: null, group: 'monitor' })).toEqual([E3]);
    expect(filterEvents(ALL, { token: 'aaaaaaaa', group: 'subflows' })).toEqual([E1]);
    expect(filterEvents(ALL, { token: null, group: null })).toBe(ALL);
  });

  it('lists tokens seen, keeping a selected one that scrolled out', () => {
    expect(tokensSeen(ALL)).toEqual(['aaaaaaaa', 'bbbbbbbb']);
    expect(tokensSeen(ALL, 'cccccccc')).toEqual(['aaaaaaaa', 'bbbbbbbb', 'cccccccc']);
  });

  it('counts what arrived above the event shown first', () => {
    const newer = event({ time: T0 + 9, type: 'sub-established' });
    expect(countNewer([newer, ...ALL], E1)).toBe(1);
    expect(countNewer(ALL, E1)).toBe(0);
    // The shown head fell out of the store: count by time.
    expect(countNewer([newer, E2], { ...E1 })).toBe(1);
    expect(countNewer(ALL, undefined)).toBe(4);
  });

  it('gives keys that stay with their events as the list moves', () => {
    const before = eventKeys(ALL);
    const newer = event({ time: T0 + 9 });
    const after = eventKeys([newer, ...ALL.slice(0, 3)]); // one new, the oldest dropped
    expect(after.slice(1)).toEqual(before.slice(0, 3));
    const twins = eventKeys([E4, { ...E4 }]);
    expect(new Set(twins).size).toBe(2);
  });
});
