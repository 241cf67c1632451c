// The HTML report's one stylesheet: system fonts only, light and dark themes through
// prefers-color-scheme, chart colours as CSS variables (tone-0 … tone-7), and print rules (light
// colours, A4 pages filled section after section: no forced page breaks, only blocks — a chart, a
// table row, a heading with what follows — kept whole). Its hash goes into the page's CSP.

const LIGHT = `
  --bg: #ffffff; --fg: #1d2329; --muted: #5c6670; --line: #cfd6dd; --grid: #e9edf1;
  --panel: #f5f7f9; --note-bg: #fff6e0; --note-line: #e6c36a;
  --tone-0: #1f66d1; --tone-1: #d4731c; --tone-2: #14897a; --tone-3: #7a4cc2;
  --tone-4: #c8323b; --tone-5: #6d7f12; --tone-6: #c2418f; --tone-7: #5f6b76;`;

const DARK = `
  --bg: #121519; --fg: #dde3e9; --muted: #98a3ad; --line: #3a434c; --grid: #242a31;
  --panel: #1a1f24; --note-bg: #2e2714; --note-line: #8a6d22;
  --tone-0: #6aa5ff; --tone-1: #f0a25a; --tone-2: #4cc7b4; --tone-3: #b294f0;
  --tone-4: #f2737a; --tone-5: #b5c94d; --tone-6: #ee85c4; --tone-7: #a4afb9;`;

const tones = Array.from(
  { length: 8 },
  (_, i) =>
    `.tone-${i}.line{stroke:var(--tone-${i})}.tone-${i}.area{fill:var(--tone-${i})}` +
    `.swatch.tone-${i}{background:var(--tone-${i})}`,
).join('\n');

/** The stylesheet, exactly as it goes into the <style> element (its hash is in the CSP). */
export const REPORT_CSS = `
:root { color-scheme: light dark; ${LIGHT} }
@media (prefers-color-scheme: dark) { :root { ${DARK} } }
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0 auto; max-width: 1120px; padding: 28px 32px 48px;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
h1 { font-size: 24px; margin: 0 0 4px; font-weight: 650; }
h2 { font-size: 18px; margin: 0 0 12px; font-weight: 650; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
h3 { font-size: 15px; margin: 18px 0 8px; font-weight: 620; }
.subtitle, .muted { color: var(--muted); }
section { margin-top: 34px; }
.notes { background: var(--note-bg); border: 1px solid var(--note-line); border-radius: 6px; padding: 8px 14px; margin: 16px 0 0; }
.notes p { margin: 4px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 10px; margin: 16px 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.card .value { font-size: 20px; font-weight: 620; font-variant-numeric: tabular-nums; }
.card .label { color: var(--muted); font-size: 12px; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 18px 28px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 10px 4px 0; border-bottom: 1px solid var(--grid); vertical-align: top; }
th { color: var(--muted); font-weight: 560; font-size: 0.86em; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.when { white-space: nowrap; }
.addr { white-space: nowrap; }
/* Interface and process names never wrap at their hyphen ("red-" / "c"). */
.name { white-space: nowrap; }
thead { display: table-header-group; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12.5px; }
.iface { margin-bottom: 26px; }
.direction h4 { margin: 0 0 4px; font-size: 13px; font-weight: 600; }
.direction .stats { margin-top: 4px; }
.direction .stats td, .direction .stats th { padding: 2px 8px 2px 0; }
.chart { display: block; width: 100%; height: auto; overflow: visible; }
.chart text { font-family: inherit; }
.chart .grid { stroke: var(--grid); stroke-width: 1; }
.chart .axis, .chart .tick { stroke: var(--line); stroke-width: 1; }
.chart .axis-label { fill: var(--muted); font-size: 10.5px; }
.chart .line { fill: none; stroke-width: 1.6; stroke-linejoin: round; }
.chart .area { stroke: none; fill-opacity: 0.16; }
.chart .marker line { stroke: var(--tone-4); stroke-width: 1.2; stroke-dasharray: 4 3; }
.chart .marker-tag { fill: var(--tone-4); font-size: 10px; font-weight: 600; }
${tones}
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 6px 0 0; padding: 0; list-style: none; font-size: 12.5px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
.conn { margin-bottom: 26px; }
.yes { color: var(--tone-2); font-weight: 600; }
.no { color: var(--tone-4); font-weight: 600; }
footer { margin-top: 40px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
@media screen and (max-width: 760px) { .columns { grid-template-columns: 1fr; } body { padding: 16px; } }
@media print {
  :root { color-scheme: light; ${LIGHT} }
  @page { size: A4; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 11px; }
  th, td { padding: 2px 8px 2px 0; }
  code, .mono { font-size: 10.5px; }
  .card, .notes { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  /* Sections follow one another on the same page: a page break before each left pages mostly
     blank. A heading stays with what follows it, and a block is never cut in two. */
  section { margin-top: 20px; }
  section.first { margin-top: 18px; }
  .direction, .card, .cards, tr, .chart, .legend, .notes, dl.facts { break-inside: avoid; }
  .chart .axis-label { font-size: 12.5px; }
  .chart .marker-tag { font-size: 12px; }
  h2, h3, h4 { break-after: avoid; }
}
`;
