// The HTML report's later sections: detected failovers, each connection with its subflows
// (lifetimes, bytes, backup use, a throughput chart) and the event timeline. Long lists are
// capped here, saying how many were left out (the JSON export has them all). Pure.
import type { Failover } from '../session/journal/journal-types.js';
import type { ConnectionReport, ReportModel, SubflowReport } from './report-types.js';
import type { ChartMarker } from './svg-chart.js';
import { renderTimeChart } from './svg-chart.js';
import { escapeHtml as e } from './html-escape.js';
import {
  formatBitRate,
  formatBytes,
  formatClock,
  formatClockMs,
  formatDuration,
  plural,
} from './units.js';

/** At most this many connections get a chart; the rest get their table only. */
export const MAX_CONNECTION_CHARTS = 12;
/** At most this many connections are shown at all. */
export const MAX_CONNECTIONS = 200;
/** At most this many events are listed. */
export const MAX_TIMELINE_ROWS = 2000;

const row = (cells: readonly string[]): string => `<tr>${cells.join('')}</tr>`;
const td = (html: string, num = false): string => `<td${num ? ' class="num"' : ''}>${html}</td>`;
const th = (text: string, num = false): string => `<th${num ? ' class="num"' : ''}>${text}</th>`;
const yesNo = (v: boolean): string =>
  v ? '<span class="yes">yes</span>' : '<span class="no">no</span>';
/** A survival verdict, with what it rests on as the cell's words (not only a tooltip). */
const survivedCell = (f: Failover): string =>
  `${f.survived === null ? '<span class="muted">unknown</span>' : yesNo(f.survived)}<br><span class="muted">${e(f.survival)}</span>`;
/** When the path the failover left carried traffic again, and whether its subflow came back. */
function pathBackCell(f: Failover): string {
  const back =
    f.recoveredAt !== undefined && f.outMs !== undefined
      ? `at ${formatClockMs(f.recoveredAt)}, out ${formatDuration(f.outMs)}`
      : 'not within the recording';
  const missing =
    f.subflowMissingAt !== undefined
      ? `<br><span class="no">subflow not re-created</span> <span class="muted">(flagged ${formatClockMs(f.subflowMissingAt)}: the path was back for 10 s without one)</span>`
      : '';
  return `${back}${missing}`;
}
const mono = (text: string): string => `<span class="mono">${e(text)}</span>`;
/** Time cells do not wrap. */
const tdWhen = (html: string): string => `<td class="when">${html}</td>`;

/** "a → b" in monospace, breaking only after the arrow, never inside an address. */
export function subflowHtml(name: string): string {
  const [from, to] = name.split(' → ');
  if (to === undefined) return mono(name);
  return `<span class="mono"><span class="addr">${e(from ?? '')}&nbsp;→</span> <span class="addr">${e(to)}</span></span>`;
}

/** Chart markers for the failovers: F1, F2, … (marker i is failover i). */
export function failoverMarkers(failovers: readonly Failover[]): ChartMarker[] {
  return failovers.map((f, i) => ({
    t: f.at,
    tag: `F${i + 1}`,
    title: `Failover F${i + 1} of ${f.token} at ${formatClock(f.at)} UTC: ${f.from.subflow} → ${f.to.subflow}`,
  }));
}

const side = (s: Failover['from']): string =>
  `${subflowHtml(s.subflow)}${s.interface === null ? '' : ` <span class="muted">on <span class="name">${e(s.interface)}</span></span>`}`;

export function failoversSection(model: ReportModel): string {
  const body =
    model.failovers.length === 0
      ? '<p>No failover was detected: no connection’s traffic moved from one subflow to another after its carrier collapsed.</p>'
      : `<table><thead>${row([
          th(''),
          th('time (UTC)'),
          th('connection'),
          th('from'),
          th('to'),
          th('gap', true),
          th('what happened'),
          th('path back'),
          th('survived'),
        ])}</thead><tbody>${model.failovers
          .map((f, i) =>
            row([
              td(`F${i + 1}`),
              tdWhen(formatClockMs(f.at)),
              td(mono(f.token)),
              td(side(f.from)),
              td(side(f.to)),
              td(formatDuration(f.gapMs), true),
              td(e(f.gap)),
              td(pathBackCell(f)),
              td(survivedCell(f)),
            ]),
          )
          .join('')}</tbody></table>
<p class="muted">Gap: how long the connection’s throughput stayed below 10 % of its level before (0: the other path took over within a tick). What happened: its throughput (sent + received) before and after. Path back: when the path it left carried traffic again.</p>`;
  return `<section id="failovers"><h2>Failovers</h2>${body}</section>`;
}

/** "never", or how long it was a backup and what it carried meanwhile. */
function backupText(s: SubflowReport): string {
  if (!s.backup.ever) return 'never';
  const carried = s.backup.carried ? `carried ${formatBytes(s.backup.bytes)}` : 'idle';
  return `${formatDuration(s.backup.ms)}, ${carried}`;
}

function subflowTable(c: ConnectionReport): string {
  return `<table class="subflows"><thead>${row([
    th(''),
    th('subflow'),
    th('interface'),
    th('ids', true),
    th('seen (UTC)'),
    th('lifetime', true),
    th('sent', true),
    th('received', true),
    th('as backup'),
    th('state'),
  ])}</thead><tbody>${c.subflows
    .map((s, i) =>
      row([
        td(`<span class="swatch tone-${i % 8}"></span>`),
        td(subflowHtml(s.name)),
        td(s.interface === null ? '—' : `<span class="name">${e(s.interface)}</span>`),
        td(`${s.localId}/${s.remoteId}`, true),
        tdWhen(`${formatClock(s.firstSeen)} – ${s.openAtEnd ? 'end' : formatClock(s.lastSeen)}`),
        td(formatDuration(s.lastSeen - s.firstSeen), true),
        td(formatBytes(s.bytesSent), true),
        td(formatBytes(s.bytesReceived), true),
        td(backupText(s)),
        td(e(s.lastState)),
      ]),
    )
    .join('')}</tbody></table>`;
}

function connectionBlock(
  c: ConnectionReport,
  model: ReportModel,
  markers: readonly ChartMarker[],
  withChart: boolean,
): string {
  const lifetime = `${formatClock(c.firstSeen)} – ${c.openAtEnd ? 'still open at the end' : formatClock(c.lastSeen)} (${formatDuration(c.lastSeen - c.firstSeen)})`;
  const idle = c.peakRate === 0;
  const chart =
    withChart && !idle && c.time.length > 1
      ? renderTimeChart({
          title: `Throughput of each subflow of connection ${c.token}, bit/s over time (UTC)`,
          start: model.summary.start,
          end: model.summary.end,
          width: 960,
          height: 200,
          series: c.subflows.map((s, i) => ({
            label: `${s.name} (bit/s, sent + received)`,
            tone: i % 8,
            points: c.time.map((t, j) => ({ t, v: s.rate[j] ?? null })),
          })),
          markers: markers.filter((_, i) => model.failovers[i]?.token === c.token),
        })
      : '';
  return `<div class="conn" data-token="${e(c.token)}"><h3>Connection ${mono(c.token)} <span class="muted">· ${mono(`${c.local.address}:${c.local.port}`)} → ${mono(`${c.remote.address}:${c.remote.port}`)} · ${e(c.lastState)}</span>${c.fallback ? ` <span class="no" title="${e(c.fallbackReason ?? 'reason unknown')}">TCP fallback</span>` : ''}</h3>
<p class="muted">Seen ${lifetime} · sent ${formatBytes(c.bytesSent)}, received ${formatBytes(c.bytesReceived)} since it opened · peak ${formatBitRate(c.peakRate)}</p>
${idle ? '<p class="muted">It moved no data while recorded, so it has no chart.</p>' : chart}${subflowTable(c)}</div>`;
}

/** The connections that fell back to plain TCP, with the kernel's reason as far as it told. */
export function fallbacksSection(model: ReportModel): string {
  const fallen = model.connections.filter((c) => c.fallback);
  if (fallen.length === 0) return '';
  return `<section id="fallbacks"><h2>TCP fallbacks</h2><table><thead>${row([th('connection'), th('addresses'), th('reason')])}</thead><tbody>${fallen
    .map((c) =>
      row([
        td(mono(c.token)),
        td(
          subflowHtml(`${c.local.address}:${c.local.port} → ${c.remote.address}:${c.remote.port}`),
        ),
        td(e(c.fallbackReason ?? 'reason unknown')),
      ]),
    )
    .join('')}</tbody></table>
<p class="muted">These connections run as plain TCP over one path: no subflows can be added and no failover is possible.</p></section>`;
}

export function connectionsSection(model: ReportModel, markers: readonly ChartMarker[]): string {
  const shown = model.connections.slice(0, MAX_CONNECTIONS);
  // Charts for the busiest connections only, so a session of many connections stays readable.
  const charted = new Set<ConnectionReport>(
    [...shown].sort((a, b) => b.peakRate - a.peakRate).slice(0, MAX_CONNECTION_CHARTS),
  );
  const more = model.connections.length - shown.length;
  const body =
    shown.length === 0
      ? '<p>No MPTCP connection was seen.</p>'
      : shown.map((c) => connectionBlock(c, model, markers, charted.has(c))).join('\n');
  return `<section id="connections"><h2>Connections and subflows</h2>
<p class="muted">Lifetimes are the first and last tick a connection or subflow was seen in. Bytes are the kernel’s counters at last sight (sent = acknowledged by the peer). As backup: how long the subflow was flagged backup, and what it moved meanwhile.</p>
${body}${more > 0 ? `<p class="muted">${plural(more, 'more connection')} ${more === 1 ? 'is' : 'are'} in the JSON export.</p>` : ''}</section>`;
}

/** Escaped `html` with each mention of the interface `name` kept on one line ("red-" / "c"). */
function keepNameWhole(html: string, name: string | null): string {
  if (name === null || name === '') return html;
  const escaped = e(name);
  return html.split(escaped).join(`<span class="name">${escaped}</span>`);
}

export function timelineSection(model: ReportModel): string {
  const shown = model.timeline.slice(0, MAX_TIMELINE_ROWS);
  const more = model.timeline.length - shown.length;
  const body =
    shown.length === 0
      ? '<p>No path-manager event was recorded.</p>'
      : `<table class="timeline"><thead>${row([th('time (UTC)'), th('event'), th('source'), th('connection'), th('what happened')])}</thead><tbody>${shown
          .map((ev) =>
            row([
              tdWhen(formatClockMs(ev.time)),
              td(`<span class="name">${e(ev.type)}</span>`),
              td(e(ev.source)),
              td(ev.token === null ? '—' : mono(ev.token)),
              td(keepNameWhole(e(ev.text), ev.interface)),
            ]),
          )
          .join('')}</tbody></table>`;
  return `<section id="events"><h2>Event timeline</h2>${body}${more > 0 ? `<p class="muted">${plural(more, 'later event')} ${more === 1 ? 'is' : 'are'} in the JSON export.</p>` : ''}</section>`;
}
