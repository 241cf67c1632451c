// renderHtmlReport: the ReportModel as ONE self-contained HTML file a person can mail — inline
// stylesheet (allowed by its hash), inline SVG charts, the model embedded as JSON, and a CSP
// that forbids every network load (no script runs at all). Pure.
import { appsSection } from './html-apps.js';
import { createHash } from 'node:crypto';
import {
  failoverMarkers,
  connectionsSection,
  failoversSection,
  fallbacksSection,
  timelineSection,
} from './html-connections.js';
import { escapeHtml as e, jsonForScript } from './html-escape.js';
import { REPORT_CSS } from './html-style.js';
import { interfacesSection, summarySection } from './html-summary.js';
import type { ReportModel } from './report-types.js';
import { formatDateTime, formatDuration, plural, SIZE_UNITS_NOTE } from './units.js';

/** id of the <script type="application/json"> element holding the model. */
export const REPORT_DATA_ID = 'subflow-report-data';

/** The page's Content-Security-Policy: nothing from anywhere, the one stylesheet, data: images. */
export function reportCsp(css: string = REPORT_CSS): string {
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  return [
    "default-src 'none'",
    `style-src 'sha256-${hash}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The whole report page. */
export function renderHtmlReport(model: ReportModel): string {
  const s = model.summary;
  const markers = failoverMarkers(model.failovers);
  const where = s.netns === null ? e(s.hostname) : `${e(s.hostname)}, namespace ${e(s.netns)}`;
  const title = `Subflow session report — ${s.hostname}${s.netns === null ? '' : ` (${s.netns})`}, ${formatDateTime(s.start)}`;
  // Caveats come last: a reader starts with the findings, and the fine print stays one jump away.
  const caveats =
    model.notes.length > 0
      ? `<section id="caveats"><h2>Caveats</h2><div class="notes" role="note">${model.notes.map((n) => `<p>${e(n)}</p>`).join('')}</div></section>`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(reportCsp())}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="Subflow">
<title>${e(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>Multipath TCP session report</h1>
<div class="subtitle">${where} · ${formatDateTime(s.start)} · ${formatDuration(s.durationMs)}${model.notes.length > 0 ? ` · <a href="#caveats">${plural(model.notes.length, 'caveat')}</a> at the end` : ''}</div>
</header>
${summarySection(model)}
${interfacesSection(model, markers)}
${failoversSection(model)}
${fallbacksSection(model)}
${appsSection(model)}
${connectionsSection(model, markers)}
${timelineSection(model)}
${caveats}
<footer>${SIZE_UNITS_NOTE} Times in UTC. Written by Subflow from a session journal recorded by ${e(s.writer)}. The data of this report is embedded in this file as JSON (element #${REPORT_DATA_ID}).</footer>
<script type="application/json" id="${REPORT_DATA_ID}">${jsonForScript(model)}</script>
</body>
</html>
`;
}
