import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Sparkline, sparklinePath } from '../../../renderer/src/charts/Sparkline.js';

const points = (d: string): number => (d.match(/[ML]/g) ?? []).length;

describe('Sparkline', () => {
  it('draws one path point per value when they fit in the width', () => {
    const { container } = render(<Sparkline values={[1, 5, 3, 8]} width={80} height={20} />);
    const d = container.querySelector('path')?.getAttribute('d') ?? '';
    expect(points(d)).toBe(4);
    expect(d.startsWith('M')).toBe(true);
  });

  it('puts the largest value at the top and zero at the bottom', () => {
    const d = sparklinePath([0, 10], 100, 20);
    expect(d).toBe('M1,19 L99,1');
  });

  it('never draws more points than one per 2 pixels, and keeps the peak', () => {
    const values = Array.from({ length: 600 }, (_, i) => (i === 301 ? 100 : i % 13));
    const d = sparklinePath(values, 60, 16);
    expect(points(d)).toBeLessThanOrEqual(30);
    expect(d).toContain(',1 '); // the peak touches the top (y = 1)
  });

  it('is named when labelled and hidden when not', () => {
    const { getByRole, container } = render(
      <>
        <Sparkline values={[1, 2]} width={40} height={10} label="throughput, last 2 minutes" />
        <Sparkline values={[]} width={40} height={10} />
      </>,
    );
    expect(getByRole('img').getAttribute('aria-label')).toBe('throughput, last 2 minutes');
    const hidden = container.querySelectorAll('svg')[1]!;
    expect(hidden.getAttribute('aria-hidden')).toBe('true');
    expect(hidden.querySelector('path')).toBeNull();
  });
});
