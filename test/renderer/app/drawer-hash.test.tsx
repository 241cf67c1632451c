import { describe, expect, it } from 'vitest';
import { drawerFromHash } from '../../../renderer/src/App.js';

describe('drawerFromHash', () => {
  it('opens the drawers the app menu asks for', () => {
    expect(drawerFromHash('#/sessions')).toBe('sessions');
    expect(drawerFromHash('#/setup')).toBe('setup');
    expect(drawerFromHash('')).toBeNull();
    expect(drawerFromHash('#/elsewhere')).toBeNull();
  });
});
