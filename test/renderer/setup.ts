// Renderer tests: Testing Library's DOM matchers-free setup — unmount after each test.
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
});
