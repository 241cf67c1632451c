// What sessions:list shows about each journal without rebuilding it: the header, the number of
// complete tick lines and the time of the last one (every tick line starts with {"t":TIME), read
// in one streaming pass so an hour-long journal costs a scan, not a parse.
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { SessionInfo } from '../contract.js';
import { readFailure } from './journal/journal-reader.js';
import { parseJournal } from './journal/journal-reader.js';
import { isSessionFile } from './sessions-dir.js';

const NEWLINE = 0x0a;
/** Enough of a line to hold {"t":TIME. */
const LINE_HEAD = 64;

/** SessionInfo of the journal at `path`; throws a JournalError when it is not a journal. */
export async function summarizeJournal(path: string): Promise<SessionInfo> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    throw readFailure(path, err);
  }
  let lines = 0;
  let headerEnd = -1;
  let lastStart = 0;
  let lineStart = 0;
  let offset = 0;
  const headerChunks: Buffer[] = [];
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let i = chunk.indexOf(NEWLINE);
    if (headerEnd < 0) headerChunks.push(i < 0 ? chunk : chunk.subarray(0, i));
    while (i >= 0) {
      const at = offset + i;
      if (headerEnd < 0) headerEnd = at;
      lines++;
      lastStart = lineStart;
      lineStart = at + 1;
      i = chunk.indexOf(NEWLINE, i + 1);
    }
    offset += chunk.length;
  }
  const headerText = Buffer.concat(headerChunks).toString('utf8');
  const { header } = parseJournal(headerEnd < 0 ? headerText : `${headerText}\n`, path);
  const ticks = Math.max(0, lines - 1);
  const endedAt =
    ticks > 0 ? ((await lineTime(path, lastStart)) ?? header.startedAt) : header.startedAt;
  return {
    id: basename(path),
    path,
    startedAt: header.startedAt,
    endedAt,
    ticks,
    bytes: size,
    hostname: header.hostname,
    netns: header.netns,
  };
}

async function lineTime(path: string, start: number): Promise<number | null> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(LINE_HEAD);
    const { bytesRead } = await file.read(buf, 0, LINE_HEAD, start);
    const m = /^\{"t":(\d+(?:\.\d+)?)/.exec(buf.subarray(0, bytesRead).toString('utf8'));
    return m ? Number(m[1]) : null;
  } finally {
    await file.close();
  }
}

/**
 * Every journal in `dir`, newest first. Files that are not readable journals (a stray file, a
 * recording that failed before its header) are left out: they cannot be replayed.
 */
export async function listSessions(dir: string, exclude?: string): Promise<SessionInfo[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return [];
    throw readFailure(dir, err);
  }
  const found: SessionInfo[] = [];
  for (const name of names) {
    if (!isSessionFile(name) || name === exclude) continue;
    try {
      found.push(await summarizeJournal(join(dir, name)));
    } catch {
      // Not a readable journal: see above.
    }
  }
  return found.sort((a, b) => b.startedAt - a.startedAt || b.id.localeCompare(a.id));
}
