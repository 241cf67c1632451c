// Chart heights that follow the window: compact at 768 px, taller at 1080 and 1440 px, so a
// big screen shows bigger charts instead of empty space. Pure sizes plus one resize hook.
import { useEffect, useState } from 'react';

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

/** An interface card's chart (one direction), px, for a window `viewport` px tall. */
export function rateChartHeight(viewport: number): number {
  return clamp(viewport * 0.1, 64, 150);
}

/** The expanded connection's split chart, px. */
export function splitChartHeight(viewport: number): number {
  return clamp(viewport * 0.24, 160, 360);
}

/** The window's inner height in px, following resizes (768 where there is no window). */
export function useViewportHeight(): number {
  const [height, setHeight] = useState(() =>
    typeof window === 'undefined' ? 768 : window.innerHeight,
  );
  useEffect(() => {
    const onResize = () => {
      setHeight(window.innerHeight);
    };
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
    };
  }, []);
  return height;
}
