// Exporting reports from journal files: the pipeline with its progress steps, `subflow report`
// (paths, formats, a torn journal, errors), 'report:export' confined to the sessions directory,
// and GET /api/reports/NAME serving report files only.
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../electron/cli/command.js';
import { reportCommand } from '../../../electron/cli/report-command.js';
import type { HostPush } from '../../../electron/host/host.js';
import { defaultReportPath, exportReport } from '../../../electron/report/export-report.js';
import type { ExportProgress } from '../../../electron/report/export-report.js';
import type { PdfPrinter } from '../../../electron/report/pdf-printer.js';
import { handleReportDownload } from '../../../electron/report/report-download.js';
import { reportHandlers } from '../../../electron/report/report-handlers.js';
import {
  encodeHeaderLine,
  encodeTickLine,
} from '../../../electron/session/journal/journal-format.js';
import type { JournalContents } from '../../../electron/session/journal/journal-types.js';
import { iface, journal, snapshot, T0, tick } from './journal-builder.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'subflow-report-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const contents: JournalContents = journal(
  Array.from({ length: 5 }, (_, i) =>
    tick(snapshot(T0 + i * 1000, [iface('red-c', { rx: i * 1000, tx: 0 }, { rx: 1000, tx: 0 })])),
  ),
);

/** Writes `c` as a journal file; `torn` appends half a line as a killed writer leaves it. */
async function writeJournal(path: string, c: JournalContents, torn = false): Promise<string> {
  let text = encodeHeaderLine(c.header);
  c.ticks.forEach((t, i) => {
    text += encodeTickLine(t, c.ticks[i - 1]?.snapshot, i === 0);
  });
  if (torn) text += '{"t":1736935209000,"d":{"interf';
  await writeFile(path, text);
  return path;
}

const fakePdf: PdfPrinter = {
  print: (html) => Promise.resolve(new TextEncoder().encode(`%PDF-fake ${html.length}`)),
};

describe('exportReport', () => {
  it('reports each step and writes the file whole', async () => {
    const journalPath = await writeJournal(join(dir, 'steps.sfj'), contents);
    const steps: ExportProgress[] = [];
    const out = join(dir, 'steps.pdf');
    const outcome = await exportReport({
      journal: journalPath,
      format: 'pdf',
      out,
      pdf: fakePdf,
      onProgress: (p) => steps.push(p),
    });
    expect(steps.map((s) => `${s.step} ${s.done}/${s.total}`)).toEqual([
      'reading 0/5',
      'building 1/5',
      'rendering 2/5',
      'printing 3/5',
      'writing 4/5',
      'done 5/5',
    ]);
    const bytes = await readFile(out);
    expect(bytes.toString()).toMatch(/^%PDF-fake \d+$/);
    expect(outcome).toMatchObject({ format: 'pdf', path: out, bytes: bytes.length, torn: false });
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('names the default output beside the journal', () => {
    expect(defaultReportPath('/x/2025-a.sfj', 'html')).toBe('/x/2025-a.html');
    expect(defaultReportPath('/x/journal', 'csv')).toBe('/x/journal.csv');
    expect(defaultReportPath('/x/j.json', 'json')).toBe('/x/j.json.report.json');
  });

  it('says what to do when the output cannot be written', async () => {
    const journalPath = await writeJournal(join(dir, 'nowrite.sfj'), contents);
    await expect(
      exportReport({ journal: journalPath, format: 'csv', out: join(dir, 'missing', 'x.csv') }),
    ).rejects.toThrow(/directory does not exist; create it or choose another --out path/);
  });
});

describe('subflow report', () => {
  const run = async (argv: string[]) => {
    let stdout = '';
    let stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
    const code = await reportCommand.run(argv);
    vi.restoreAllMocks();
    return { code, stdout, stderr };
  };

  it('writes HTML beside the journal by default and prints the path', async () => {
    const journalPath = await writeJournal(join(dir, 'cli.sfj'), contents);
    const r = await run([journalPath]);
    expect(r).toEqual({ code: 0, stdout: `${join(dir, 'cli.html')}\n`, stderr: '' });
    expect(await readFile(join(dir, 'cli.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('writes --format csv to --out', async () => {
    const journalPath = await writeJournal(join(dir, 'cli2.sfj'), contents);
    const out = join(dir, 'series.csv');
    const r = await run([journalPath, '--format', 'csv', '--out', out]);
    expect(r.stdout).toBe(`${out}\n`);
    expect((await readFile(out, 'utf8')).split('\r\n')[0]).toMatch(/^time_ms,time_utc,series,/);
  });

  it('still reports a torn journal and says so on stderr', async () => {
    const journalPath = await writeJournal(join(dir, 'torn.sfj'), contents, true);
    const r = await run([journalPath, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/torn line .* the report covers every complete tick before it/);
    const back = JSON.parse(await readFile(join(dir, 'torn.json'), 'utf8')) as {
      ticks: unknown[];
      torn: boolean;
    };
    expect(back).toMatchObject({ torn: true });
    expect(back.ticks).toHaveLength(5);
  });

  it('refuses an unknown format and a missing journal argument as usage errors', async () => {
    await expect(run([join(dir, 'cli.sfj'), '--format', 'docx'])).rejects.toThrow(UsageError);
    await expect(run([join(dir, 'cli.sfj'), '--format', 'docx'])).rejects.toThrow(
      "--format must be one of html, json, csv, pdf, got 'docx'",
    );
    await expect(run([])).rejects.toThrow(UsageError);
  });

  it('fails with what to do for a missing or unreadable journal', async () => {
    await expect(run([join(dir, 'nope.sfj')])).rejects.toThrow(/no such file; check the path/);
    const notJournal = join(dir, 'garbage.sfj');
    await writeFile(notJournal, 'hello\n');
    await expect(run([notJournal])).rejects.toThrow(/is not a Subflow journal/);
  });
});

describe("the Host's 'report:export' and the download route", () => {
  let sessions: string;
  let base: string;
  const server = createServer((req, res) => {
    void handleReportDownload(req, res, sessions);
  });
  beforeAll(async () => {
    sessions = join(dir, 'sessions');
    await mkdir(sessions);
    await writeJournal(join(sessions, '2025-01-15T10-00-00Z-lab-host.sfj'), contents);
    await writeFile(join(sessions, 'secret.txt'), 'not a report');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  });

  it('exports into reports/, pushes progress, and the file downloads as an attachment', async () => {
    const pushes: HostPush[] = [];
    const handlers = reportHandlers({
      sessionsDir: sessions,
      emit: (p) => pushes.push(p),
      pdf: fakePdf,
    });
    const result = await handlers['report:export']!({
      session: '2025-01-15T10-00-00Z-lab-host.sfj',
      format: 'html',
    });
    expect(result).toMatchObject({
      format: 'html',
      path: join(sessions, 'reports', '2025-01-15T10-00-00Z-lab-host.html'),
      downloadPath: '/api/reports/2025-01-15T10-00-00Z-lab-host.html',
    });
    expect(
      pushes.map((p) =>
        p.name === 'onProgress' ? `${p.payload.done}/${p.payload.total} ${p.payload.task}` : '',
      ),
    ).toEqual([
      '0/4 Report of 2025-01-15T10-00-00Z-lab-host.sfj (HTML): reading the journal',
      '1/4 Report of 2025-01-15T10-00-00Z-lab-host.sfj (HTML): building the report',
      '2/4 Report of 2025-01-15T10-00-00Z-lab-host.sfj (HTML): rendering',
      '3/4 Report of 2025-01-15T10-00-00Z-lab-host.sfj (HTML): writing the file',
      '4/4 Report of 2025-01-15T10-00-00Z-lab-host.sfj (HTML): done',
    ]);
    const res = await fetch(base + result.downloadPath!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="2025-01-15T10-00-00Z-lab-host.html"',
    );
    const body = await res.text();
    expect(body).toBe(await readFile(result.path, 'utf8'));
    expect(Number(res.headers.get('content-length'))).toBe(result.bytes);
  });

  it('refuses session ids that are not plain journal names in the directory', async () => {
    const handlers = reportHandlers({ sessionsDir: sessions, emit: () => undefined });
    const exportOf = (session: string) => handlers['report:export']!({ session, format: 'json' });
    await expect(exportOf('../steps.sfj')).rejects.toMatchObject({ code: 'bad-request' });
    await expect(exportOf('/etc/passwd')).rejects.toMatchObject({ code: 'bad-request' });
    await expect(exportOf('secret.txt')).rejects.toMatchObject({ code: 'bad-request' });
    await expect(exportOf('absent.sfj')).rejects.toMatchObject({ code: 'not-found' });
    await symlink(join(dir, 'cli.sfj'), join(sessions, 'linked.sfj'));
    await expect(exportOf('linked.sfj')).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('answers 404 for anything but a report file in reports/, and 405 for other methods', async () => {
    await writeFile(join(sessions, 'reports', 'x.sfj'), 'journal');
    await symlink(join(sessions, 'secret.txt'), join(sessions, 'reports', 'link.html'));
    for (const path of [
      '/api/reports/',
      '/api/reports/x.sfj',
      '/api/reports/absent.html',
      '/api/reports/link.html',
      '/api/reports/..%2Fsecret.txt',
      '/api/reports/..%2F2025-01-15T10-00-00Z-lab-host.sfj',
      '/api/reports/%2e%2e%2fsecret.html',
      '/api/reports/.%2F..%2Fsecret.txt',
      '/api/reports/%E0%A4%A.html',
      '/api/reports/sub%2Fx.html',
    ]) {
      const res = await fetch(base + path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not-found');
    }
    const post = await fetch(`${base}/api/reports/2025-01-15T10-00-00Z-lab-host.html`, {
      method: 'POST',
    });
    expect(post.status).toBe(405);
  });
});
