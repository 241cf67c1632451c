import { describe, expect, it } from 'vitest';
import { rootDecision } from '../../../electron/shell/root-guard.js';

describe('rootDecision', () => {
  it('runs as any ordinary user', () => {
    expect(rootDecision({ uid: 1000, argv: [], env: {} })).toEqual({ action: 'run' });
  });

  it('refuses root, saying why and what to do instead', () => {
    const decision = rootDecision({ uid: 0, argv: ['electron', '.'], env: {} });
    expect(decision.action).toBe('refuse');
    if (decision.action === 'refuse') {
      expect(decision.message).toContain('sandbox');
      expect(decision.message).toContain('pkexec');
      expect(decision.message).toContain('--allow-root');
      expect(decision.message).toContain('SUBFLOW_ALLOW_ROOT=1');
    }
    expect(rootDecision({ uid: 0, argv: [], env: { SUBFLOW_ALLOW_ROOT: 'yes' } }).action).toBe(
      'refuse',
    );
  });

  it('runs as root without the sandbox only when told, and says so', () => {
    for (const ctx of [
      { uid: 0, argv: ['electron', '.', '--allow-root'], env: {} },
      { uid: 0, argv: [], env: { SUBFLOW_ALLOW_ROOT: '1' } },
    ]) {
      const decision = rootDecision(ctx);
      expect(decision).toMatchObject({ action: 'run-as-root', switches: ['no-sandbox'] });
      expect(decision.action === 'run-as-root' && decision.message).toContain('WITHOUT');
    }
  });
});
