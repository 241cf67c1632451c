// The Grafana dashboard in build/grafana: importable (inputs, schema, datasource on every panel)
// and every PromQL expression uses only metrics the collector exposes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { exposedSeriesNames } from '../../../electron/metrics/metric-definitions.js';

const PATH = new URL('../../../build/grafana/subflow-dashboard.json', import.meta.url);

const Datasource = z.object({ type: z.literal('prometheus'), uid: z.literal('${DS_PROMETHEUS}') });
const Target = z.object({ refId: z.string(), expr: z.string().min(1), datasource: Datasource });
const Panel = z.object({
  id: z.number().int(),
  type: z.string(),
  title: z.string().min(1),
  gridPos: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
  datasource: Datasource.optional(),
  targets: z.array(Target).optional(),
});
const Variable = z.object({
  name: z.string(),
  type: z.literal('query'),
  datasource: Datasource,
  query: z.object({ query: z.string() }),
});
const Dashboard = z.object({
  __inputs: z.array(z.object({ name: z.string(), type: z.string(), pluginId: z.string() })),
  schemaVersion: z.number().int().min(36).max(41),
  uid: z.string(),
  title: z.string(),
  panels: z.array(Panel),
  templating: z.object({ list: z.array(Variable) }),
});

const dashboard = Dashboard.parse(JSON.parse(readFileSync(PATH, 'utf8')));
const queryPanels = dashboard.panels.filter((p) => p.type !== 'row');
const expressions = [
  ...queryPanels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: p.title, expr: t.expr }))),
  ...dashboard.templating.list.map((v) => ({ where: `$${v.name}`, expr: v.query.query })),
];

/** PromQL functions, aggregations and keywords the dashboard may use; anything else is a metric. */
const PROMQL_WORDS = new Set([
  ...['rate', 'irate', 'increase', 'histogram_quantile', 'sum', 'max', 'min', 'avg', 'count'],
  ...['topk', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or'],
  ...['unless', 'offset', 'bool', 'label_values'],
]);

/** Metric names in a PromQL expression: identifiers outside strings, selectors, ranges and groupings. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '')
    .replace(/,\s*[a-z_]+\s*\)/g, ')'); // label_values(metric, label): the label
  const words = bare.match(/[A-Za-z_:][A-Za-z0-9_:]*/g) ?? [];
  return words.filter((w) => !PROMQL_WORDS.has(w));
}

describe('the Grafana dashboard', () => {
  it('is importable: a DS_PROMETHEUS input, unique panel ids, a datasource on every query', () => {
    expect(dashboard.__inputs).toEqual([
      expect.objectContaining({
        name: 'DS_PROMETHEUS',
        type: 'datasource',
        pluginId: 'prometheus',
      }),
    ]);
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of queryPanels) {
      expect(panel.datasource, panel.title).toBeDefined();
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
  });

  it('has the nload-style panels the issue asks for', () => {
    const all = expressions.map((e) => e.expr).join('\n');
    expect(all).toContain('rate(subflow_interface_receive_bytes_total');
    expect(all).toMatch(
      /rate\(subflow_interface_transmit_bytes_total\{[^}]*\}\[\$__rate_interval\]\) \* 8/,
    );
    expect(all).toContain('subflow_mptcp_subflows');
    expect(all).toContain('subflow_mptcp_connections');
    expect(all).toContain('rate(subflow_pm_events_total');
    expect(all).toMatch(/subflow_mptcp_mib_total\{[^}]*MPJoin/);
    expect(all).toMatch(/subflow_mptcp_mib_total\{[^}]*Fallback/);
    expect(all).toContain('histogram_quantile(0.95');
  });

  it('queries only metrics the collector exposes', () => {
    const exposed = new Set(exposedSeriesNames());
    const used = new Set<string>();
    for (const { where, expr } of expressions) {
      const names = metricNames(expr);
      expect(names.length, `${where}: ${expr}`).toBeGreaterThan(0);
      for (const name of names) {
        expect(
          exposed.has(name),
          `${where} uses ${name}, which the collector does not expose`,
        ).toBe(true);
        used.add(name);
      }
    }
    expect(used.size).toBeGreaterThanOrEqual(12);
  });

  it('finds metric names the way PromQL reads them (the checker itself)', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le) (rate(foo_bucket{a=~"x|y",b="rate"}[$__rate_interval])))',
      ),
    ).toEqual(['foo_bucket']);
    expect(metricNames('label_values(bar{instance=~"$instance"}, interface)')).toEqual(['bar']);
    expect(metricNames('a / on (x) b')).toEqual(['a', 'b']);
  });
});
