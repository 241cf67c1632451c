// The HTML report's first two sections: the session summary (host, kernel, settings, endpoints,
// limits, sysctls) and per-interface throughput (nload-like charts with Curr/Avg/Min/Max/Total).
// Every journal string is escaped here. Pure.
import type { DirectionStats, InterfaceReport, ReportModel } from './report-types.js';
import type { ChartMarker } from './svg-chart.js';
import { renderTimeChart } from './svg-chart.js';
import { escapeHtml as e } from './html-escape.js';
import { formatBitRate, formatBytes, formatDateTime, formatDuration, nounFor } from './units.js';

const row = (cells: readonly string[]): string => `<tr>${cells.join('')}</tr>`;
const td = (html: string, num = false): string => `<td${num ? ' class="num"' : ''}>${html}</td>`;
const th = (text: string, num = false): string => `<th${num ? ' class="num"' : ''}>${text}</th>`;
const card = (value: string, label: string): string =>
  `<div class="card"><div class="value">${value}</div><div class="label">${label}</div></div>`;

/** Summary: headline figures, facts about the recording, endpoints and sysctls. */
export function summarySection(model: ReportModel): string {
  const s = model.summary;
  const k = s.kernel;
  const kernel = [
    e(k.release),
    `MPTCP ${e(k.mptcp)}${k.enabled ? ', enabled' : ', disabled'}`,
    k.pathManager !== undefined ? `path manager ${e(k.pathManager)}` : '',
    k.scheduler !== undefined ? `scheduler ${e(k.scheduler)}` : '',
  ]
    .filter((x) => x !== '')
    .join(' · ');
  const facts: [string, string][] = [
    ['Host', e(s.hostname)],
    ['Namespace', s.netns === null ? 'the recorder’s own' : `<code>${e(s.netns)}</code>`],
    ['Started', formatDateTime(s.start)],
    ['Ended', `${formatDateTime(s.end)} (last tick)`],
    ['Duration', formatDuration(s.durationMs)],
    ['Ticks', `${s.ticks}, every ${formatDuration(s.intervalMs)}`],
    ['Kernel', kernel],
    ['Why MPTCP is off', k.reason !== undefined ? e(k.reason) : ''],
    [
      'Privileged',
      s.privileged
        ? 'yes (CAP_NET_ADMIN: path-manager events from the kernel)'
        : 'no (events inferred from successive samples)',
    ],
    ['Limits', `subflows ${s.limits.subflows}, add_addr_accepted ${s.limits.addAddrAccepted}`],
    ['Recorded by', e(s.writer)],
  ];
  const endpoints =
    s.endpoints.length === 0
      ? '<p class="muted">No path-manager endpoint was configured.</p>'
      : `<table><thead>${row([th('id', true), th('address'), th('interface'), th('port', true), th('flags')])}</thead><tbody>${s.endpoints
          .map((ep) =>
            row([
              td(String(ep.id), true),
              td(`<span class="mono">${e(ep.address)}</span>`),
              td(ep.interface === null ? '—' : `<span class="name">${e(ep.interface)}</span>`),
              td(ep.port === undefined ? '—' : String(ep.port), true),
              td(ep.flags.length === 0 ? '—' : e(ep.flags.join(', '))),
            ]),
          )
          .join('')}</tbody></table>`;
  const sysctls =
    s.sysctls.length === 0
      ? '<p class="muted">None were read.</p>'
      : `<table><thead>${row([th('name'), th('value')])}</thead><tbody>${s.sysctls
          .map((x) =>
            row([
              td(`<span class="mono">${e(x.name)}</span>`),
              td(`<span class="mono">${e(x.value)}</span>`),
            ]),
          )
          .join('')}</tbody></table>`;
  return `<section id="summary" class="first"><h2>Summary</h2>
<div class="cards">${[
    card(formatDuration(s.durationMs), 'duration'),
    card(String(s.connections), `MPTCP ${nounFor(s.connections, 'connection')}`),
    card(String(s.subflows), nounFor(s.subflows, 'subflow')),
    card(String(s.events), `path-manager ${nounFor(s.events, 'event')}`),
    card(String(s.failovers), `${nounFor(s.failovers, 'failover')} detected`),
  ].join('')}</div>
<div class="columns"><div><h3>Recording</h3><dl class="facts">${facts
    .filter(([, v]) => v !== '')
    .map(([k2, v]) => `<dt>${k2}</dt><dd>${v}</dd>`)
    .join('')}</dl></div>
<div><h3>Endpoints at the start</h3>${endpoints}<h3>MPTCP sysctls at the start</h3>${sysctls}</div></div>
</section>`;
}

function statsTable(stats: DirectionStats): string {
  const cells = [
    ['Curr', formatBitRate(stats.current)],
    ['Avg', formatBitRate(stats.average)],
    ['Min', formatBitRate(stats.min)],
    ['Max', formatBitRate(stats.max)],
    ['Total', formatBytes(stats.total)],
  ];
  return `<table class="stats"><thead>${row(cells.map(([k]) => th(k ?? '', true)))}</thead><tbody>${row(
    cells.map(([k, v]) => `<td class="num" data-stat="${(k ?? '').toLowerCase()}">${v ?? ''}</td>`),
  )}</tbody></table>`;
}

/** Whether an interface moved anything in the session. */
const isActive = (i: InterfaceReport): boolean =>
  i.rx.total > 0 || i.tx.total > 0 || i.rx.max > 0 || i.tx.max > 0;

function interfaceBlock(
  iface: InterfaceReport,
  model: ReportModel,
  markers: readonly ChartMarker[],
): string {
  const { start, end } = model.summary;
  const direction = (label: string, key: 'rx' | 'tx', tone: number): string => {
    const values = iface.series[key];
    const points = iface.series.time.map((t, i) => ({ t, v: values[i] ?? null }));
    const chart = renderTimeChart({
      title: `${label} on ${iface.name}, bit/s over time (UTC)`,
      start,
      end,
      series: [{ label: `${label} (bit/s)`, tone, points, area: true }],
      markers,
    });
    return `<div class="direction" data-direction="${key}"><h4>${label}</h4>${chart}${statsTable(iface[key])}</div>`;
  };
  const addresses = iface.addresses.length > 0 ? iface.addresses.map(e).join(', ') : 'no address';
  return `<div class="iface" data-interface="${e(iface.name)}"><h3>${e(iface.name)} <span class="muted">· ${addresses} · multipath ${e(iface.multipath)}${iface.up ? '' : ' · down'}</span></h3>
<div class="columns">${direction('Incoming', 'rx', 0)}${direction('Outgoing', 'tx', 1)}</div></div>`;
}

/** Throughput: one block per interface that moved traffic, idle ones listed in a line. */
export function interfacesSection(model: ReportModel, markers: readonly ChartMarker[]): string {
  const active = model.interfaces.filter(isActive);
  const idle = model.interfaces.filter((i) => !isActive(i));
  const body =
    model.interfaces.length === 0
      ? '<p class="muted">No interface was recorded.</p>'
      : active.map((i) => interfaceBlock(i, model, markers)).join('\n');
  const idleLine =
    idle.length > 0
      ? `<p class="muted">No traffic on: ${idle.map((i) => e(i.name)).join(', ')}.</p>`
      : '';
  return `<section id="throughput"><h2>Throughput per interface</h2>
<p class="muted">All traffic of each interface (MPTCP or not), per tick. Curr is the last tick, Avg the mean of the ticks, Total the bytes moved during the session.</p>
${body}${idleLine}</section>`;
}
