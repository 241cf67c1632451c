// The HTML report's "Apps" section: the session's connections grouped by the process that held
// them (name, pids, connections, subflows, bytes), most bytes first. Pure.
import type { ReportModel } from './report-types.js';
import { escapeHtml as e } from './html-escape.js';
import { formatBytes } from './units.js';

/** At most this many apps are listed (the JSON export has them all). */
export const MAX_APPS = 50;

const num = (html: string): string => `<td class="num">${html}</td>`;

export function appsSection(model: ReportModel): string {
  if (model.apps.length === 0) {
    const body =
      model.connections.length === 0
        ? '<p>No MPTCP connection was seen.</p>'
        : '<p>This journal does not name the process of its connections: it was recorded by a Subflow that did not look them up.</p>';
    return `<section id="apps"><h2>Apps</h2>${body}</section>`;
  }
  const shown = model.apps.slice(0, MAX_APPS);
  const rows = shown
    .map(
      (a) =>
        `<tr><td>${a.name === null ? '<span class="muted">unknown process</span>' : `<span class="mono">${e(a.name)}</span>`}</td>` +
        `<td class="mono">${a.pids.join(', ') || '—'}</td>` +
        num(String(a.connections)) +
        num(String(a.subflows)) +
        num(formatBytes(a.bytesSent)) +
        num(formatBytes(a.bytesReceived)) +
        '</tr>',
    )
    .join('');
  const more =
    model.apps.length > shown.length
      ? `<p class="muted">${model.apps.length - shown.length} more apps are in the JSON export.</p>`
      : '';
  return `<section id="apps"><h2>Apps</h2><table><thead><tr><th>app</th><th>pids</th><th class="num">connections</th><th class="num">subflows</th><th class="num">sent</th><th class="num">received</th></tr></thead><tbody>${rows}</tbody></table>${more}
<p class="muted">Bytes are each connection’s counters at last sight, since it opened. An unknown process is one Subflow could not name (another user’s, when recording unprivileged).</p></section>`;
}
