// The cost goals of issue 15 ("light on a laptop"), gathered while the benchmarks run so that
// `npm run bench` ends with one table of this run's figures beside their goals. A benchmark
// notes a goal where it measures the figure; a goal whose benchmark did not run (a phase left
// out, nothing built) is listed as not measured rather than left off.
import { table } from './measure.js';

export type GoalKey =
  | 'serve-idle'
  | 'serve-900'
  | 'event-to-ws'
  | 'dashboard-long-tasks'
  | 'dashboard-tick-to-frame'
  | 'page-visible'
  | 'page-hidden';

interface GoalSpec {
  readonly what: string;
  readonly goal: string;
  /** Whether a figure meets the goal. */
  readonly meets: (value: number) => boolean;
}

const SPECS: Record<GoalKey, GoalSpec> = {
  'serve-idle': {
    what: '`subflow serve` (dist/), 10 idle connections × 2 subflows, % of a core',
    goal: '≤ 0.5 %',
    meets: (v) => v <= 0.5,
  },
  'serve-900': {
    what: '`subflow serve` (dist/), 900 connections × 2 subflows, CPU per tick vs one ss -tinM',
    goal: '≤ 0.5×',
    meets: (v) => v <= 0.5,
  },
  'event-to-ws': {
    what: 'kernel event → WebSocket client at 1 s ticks, p95',
    goal: '≤ 20 ms',
    meets: (v) => v <= 20,
  },
  'dashboard-long-tasks': {
    what: 'dashboard, 200 connections × 2 subflows: longest task',
    goal: '≤ 50 ms',
    meets: (v) => v <= 50,
  },
  'dashboard-tick-to-frame': {
    what: 'dashboard, 200 connections × 2 subflows: tick arrival → frame, p95',
    goal: '≤ 50 ms',
    meets: (v) => v <= 50,
  },
  'page-visible': {
    what: 'dashboard page, 10 connections, visible: renderer % of a core',
    goal: '≤ 3 %',
    meets: (v) => v <= 3,
  },
  'page-hidden': {
    what: 'dashboard page, 10 connections, hidden: renderer % of a core (upper bound)',
    goal: '≤ 0.2 %',
    meets: (v) => v <= 0.2,
  },
};

const noted = new Map<GoalKey, { value: number; figure: string }>();

/** Records this run's figure for a goal; `figure` is how it is printed (units, ratio, …). */
export function noteGoal(key: GoalKey, value: number, figure: string): void {
  noted.set(key, { value, figure });
}

/** Every goal with this run's figure and whether it is met; "not measured" where none was noted. */
export function goalsTable(): string {
  const rows = (Object.keys(SPECS) as GoalKey[]).map((key) => {
    const spec = SPECS[key];
    const got = noted.get(key);
    if (got === undefined || !Number.isFinite(got.value)) {
      return [spec.what, 'not measured', spec.goal, '—'];
    }
    return [spec.what, got.figure, spec.goal, spec.meets(got.value) ? 'met' : 'not met'];
  });
  return table([['goal (issue 15)', 'this run', 'goal', 'met?'], ...rows]);
}
