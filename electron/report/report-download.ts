// GET /api/reports/NAME: streams a report written by 'report:export' as an attachment. Only a
// report file (NAME.html|json|csv|pdf, a plain file name) directly in the reports folder is
// served; anything else — other files, dot segments, encoded slashes, links — is a 404. The
// server checks the token before calling this.
import { createReadStream } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import type { ReportFormat } from '../contract.js';
import { failure, parseTarget, sendFailure } from '../http/http-io.js';
import { REPORT_CONTENT_TYPES } from './export-report.js';
import { REPORTS_URL_PREFIX, reportsDir } from './report-handlers.js';

/** What a report's file name looks like. */
const REPORT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}\.(html|json|csv|pdf)$/;

const HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cache-Control': 'no-store',
} as const;

/** The report file name in a request path, or null when it is not one. Pure. */
export function reportNameFromPath(pathname: string): string | null {
  if (!pathname.startsWith(REPORTS_URL_PREFIX)) return null;
  let name: string;
  try {
    name = decodeURIComponent(pathname.slice(REPORTS_URL_PREFIX.length));
  } catch {
    return null;
  }
  return REPORT_NAME.test(name) ? name : null;
}

function notFound(res: ServerResponse, what: string): void {
  sendFailure(
    res,
    failure(
      404,
      'not-found',
      `no report ${what}: export the session first (report:export) and use the downloadPath it returns`,
    ),
    HEADERS,
  );
}

/** Answers GET/HEAD /api/reports/NAME from `sessionsDir`'s reports folder. */
export async function handleReportDownload(
  req: IncomingMessage,
  res: ServerResponse,
  sessionsDir: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    sendFailure(
      res,
      failure(405, 'bad-request', `reports answer GET only, not ${method.slice(0, 20)}`),
      {
        ...HEADERS,
        Allow: 'GET, HEAD',
      },
    );
    return;
  }
  const target = parseTarget(req.url);
  const name = target === null ? null : reportNameFromPath(target.pathname);
  if (name === null) {
    notFound(res, 'at that path');
    return;
  }
  const dir = reportsDir(sessionsDir);
  const path = join(dir, name);
  let size: number;
  try {
    const info = await lstat(path);
    const [realDir, realFile] = await Promise.all([realpath(dir), realpath(path)]);
    if (!info.isFile() || !realFile.startsWith(realDir + sep)) throw new Error('not a report');
    size = info.size;
  } catch {
    notFound(res, `"${name}"`);
    return;
  }
  const format = extname(name).slice(1) as ReportFormat;
  res.writeHead(200, {
    ...HEADERS,
    'Content-Type': REPORT_CONTENT_TYPES[format],
    'Content-Length': size,
    'Content-Disposition': `attachment; filename="${name}"`,
  });
  if (method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(path);
    stream.once('error', () => {
      res.destroy();
      resolve();
    });
    res.once('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}
