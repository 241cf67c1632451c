// The HTML report as text: journal strings escaped (a hostile interface name, host name and event
// message), the embedded JSON giving back the model, a CSP that forbids every load and allows
// the one stylesheet by its hash, no script and no external reference.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../electron/report/build-report.js';
import { renderHtmlReport, REPORT_DATA_ID } from '../../../electron/report/html-report.js';
import { REPORT_CSS } from '../../../electron/report/html-style.js';
import { connection, iface, journal, snapshot, subflow, T0, tick } from './journal-builder.js';

const HOSTILE_IFACE = '<img src=x onerror=alert(1)>';
const HOSTILE_HOST = '</script><script>alert("host")</script>';
const HOSTILE_MESSAGE = `<b onclick="x">bold</b> & 'quoted' \u2028 <!--`;

function hostileReport() {
  const ticks = Array.from({ length: 10 }, (_, i) =>
    tick(
      snapshot(
        T0 + i * 1000,
        [
          iface(
            HOSTILE_IFACE,
            { rx: i * 1000, tx: i * 500 },
            { rx: 1000, tx: 500 },
            {
              addresses: ['"><svg onload=alert(2)>'],
            },
          ),
        ],
        [
          connection('0a0b0c0d', [
            subflow(40000, { interface: HOSTILE_IFACE, txRate: 10, state: '<i>est</i>' }),
          ]),
        ],
      ),
      i === 3
        ? [{ time: T0 + 3000, type: 'monitor', source: 'inferred', message: HOSTILE_MESSAGE }]
        : [],
    ),
  );
  const contents = journal(ticks, {
    hostname: HOSTILE_HOST,
    netns: '<ns>',
    sysctls: { 'net.mptcp.<x>': '<y>' },
    writer: '<w>',
    endpoints: [{ id: 1, address: '203.0.113.1', interface: HOSTILE_IFACE, flags: ['subflow'] }],
  });
  const model = buildReport(contents, [
    {
      token: '0a0b0c0d',
      at: T0 + 4000,
      from: { subflow: '<from>', interface: HOSTILE_IFACE, address: '<a>' },
      to: { subflow: '<to>', interface: null, address: '<b>' },
      gapMs: 1000,
      rateBefore: 1000,
      rateAfter: 500,
      gap: '<gap>',
      survived: true,
      survival: '<survival>',
    },
  ]);
  return { model, html: renderHtmlReport(model) };
}

const dataBlock = (html: string): string => {
  const m = new RegExp(
    `<script type="application/json" id="${REPORT_DATA_ID}">([\\s\\S]*?)</script>`,
  ).exec(html);
  if (!m) throw new Error('no data block');
  return m[1]!;
};

describe('renderHtmlReport', () => {
  it('escapes every journal string', () => {
    const { html } = hostileReport();
    for (const raw of [
      HOSTILE_IFACE,
      HOSTILE_HOST,
      '<b onclick',
      '<svg onload',
      '<i>est</i>',
      '<ns>',
      '<from>',
      '<w>',
      '<gap>',
      '<survival>',
    ]) {
      expect(html).not.toContain(raw);
    }
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(&quot;host&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;b onclick=&quot;x&quot;&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39;');
    // One script element only (the data block), and it is closed once.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img|<svg onload|<b |<i>/);
  });

  it('embeds the model as JSON that parses back to it', () => {
    const { model, html } = hostileReport();
    const text = dataBlock(html);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(model)));
  });

  it('forbids every load in its CSP and allows the stylesheet by hash', () => {
    const { html } = hostileReport();
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toBeDefined();
    const policy = csp!.replace(/&#39;/g, "'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain('img-src data:');
    expect(policy).not.toMatch(/script-src|connect-src|font-src|https?:/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
    expect(style).toBe(REPORT_CSS);
    const hash = createHash('sha256').update(style!, 'utf8').digest('base64');
    expect(policy).toContain(`style-src 'sha256-${hash}'`);
    // No inline style attribute (the hash would block it) and nothing fetched from anywhere.
    expect(html).not.toMatch(/\sstyle="/);
    const tags = html.replace(/="[^"]*"/g, '=""');
    expect(tags).not.toMatch(/<[^>]*\s(src|href|srcset|action)=/);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(
      /https?:\/\//,
    );
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('shows every section with units, and the failover', () => {
    const { html } = hostileReport();
    for (const id of ['summary', 'throughput', 'failovers', 'connections', 'events']) {
      expect(html).toContain(`<section id="${id}"`);
    }
    expect(html).toContain('<td class="num" data-stat="avg">8.00 kbit/s</td>');
    expect(html).toContain('<td class="num" data-stat="total">9.00 kB</td>');
    expect(html).toContain('F1');
    expect(html).toMatch(/prefers-color-scheme: dark/);
    expect(html).toMatch(/@media print/);
  });

  it('puts the caveats at the end, after the timeline, and names them in the subtitle', () => {
    const ticks = [
      tick(snapshot(T0, [iface('eth0', { rx: 0, tx: 0 }, { rx: 0, tx: 0 })])),
      tick(snapshot(T0 + 1000, [iface('eth0', { rx: 1000, tx: 10 }, { rx: 1000, tx: 10 })])),
    ];
    const html = renderHtmlReport(buildReport(journal(ticks), []));
    const caveats = html.indexOf('<section id="caveats">');
    expect(caveats).toBeGreaterThan(html.indexOf('<section id="events"'));
    expect(caveats).toBeLessThan(html.indexOf('<footer>'));
    expect(html.indexOf('class="notes"')).toBeGreaterThan(caveats);
    expect(html.slice(caveats)).toContain('baseline');
    expect(html).toContain('<a href="#caveats">1 caveat</a> at the end');
    // Counted nouns agree with their number: one event is not "1 path-manager events".
    expect(html).toMatch(/<div class="value">0<\/div><div class="label">failovers detected<\/div>/);
  });

  it('renders an empty journal and a one-tick journal without empty charts', () => {
    const empty = renderHtmlReport(buildReport(journal([]), []));
    expect(empty).toContain('No interface was recorded.');
    expect(empty).toContain('No MPTCP connection was seen.');
    const one = renderHtmlReport(
      buildReport(
        journal([tick(snapshot(T0, [iface('eth0', { rx: 5, tx: 5 }, { rx: 9, tx: 9 })]))]),
        [],
      ),
    );
    const ds = [...one.matchAll(/<path [^>]*d="([^"]*)"/g)].map((m) => m[1]!);
    expect(ds.length).toBeGreaterThan(0);
    for (const d of ds) expect(d).toMatch(/^M[\d.]+,[\d.]+/);
  });
});
