// The role table: which features each kind of process gets behind its Host.
import { describe, expect, it } from 'vitest';
import { ROLE_FEATURES, featuresOf } from '../../../electron/host/role-features.js';

describe('featuresOf', () => {
  it('gives serve everything, metrics only when asked', () => {
    expect([...featuresOf('serve')].sort()).toEqual([
      'control',
      'doctor',
      'failovers',
      'reapply',
      'sessions',
    ]);
    expect(featuresOf('serve', ['metrics']).has('metrics')).toBe(true);
  });

  it('gives the agent what serve has except metrics: it is a service nothing scrapes', () => {
    expect([...featuresOf('agent')].sort()).toEqual([...featuresOf('serve')].sort());
    expect(() => featuresOf('agent', ['metrics'])).toThrow(/an agent host does not offer metrics/);
  });

  it('re-applies remembered modes only where endpoints can be changed (serve, agent, helper)', () => {
    expect(featuresOf('serve').has('reapply')).toBe(true);
    expect(featuresOf('agent').has('reapply')).toBe(true);
    expect(featuresOf('helper').has('reapply')).toBe(true);
    expect(featuresOf('desktop').has('reapply')).toBe(false);
  });

  it('keeps sessions out of the privileged helper and metrics out of the desktop', () => {
    expect(featuresOf('helper').has('sessions')).toBe(false);
    expect(() => featuresOf('helper', ['sessions'])).toThrow(
      /a helper host does not offer sessions/,
    );
    expect(() => featuresOf('desktop', ['metrics'])).toThrow(/does not offer metrics/);
  });

  it('runs the failover detector wherever a window or a scraper reads the events', () => {
    for (const role of ['serve', 'agent', 'desktop', 'helper'] as const) {
      expect(featuresOf(role).has('failovers')).toBe(true);
      expect(featuresOf(role).has('control')).toBe(true);
    }
    expect(Object.keys(ROLE_FEATURES).sort()).toEqual(['agent', 'desktop', 'helper', 'serve']);
  });
});
