import { render, screen } from '@testing-library/react';
import { expect, it } from 'vitest';

it('renders JSX in jsdom', () => {
  render(<p>hello</p>);
  expect(screen.getByText('hello').tagName).toBe('P');
});
