// Reading a session journal back (format in journal-format.ts): the header and every tick with
// its whole snapshot rebuilt, oldest first. A torn last line (the writer was killed mid-line) is
// skipped and flagged; anything else wrong is an error naming the line and what to do.
import { readFile } from 'node:fs/promises';
import type { PmEvent, Snapshot, TickUpdate } from '../../contract.js';
import { apply, DeltaError } from './journal-delta.js';
import type { Json } from './journal-delta.js';
import { JOURNAL_FORMAT, JOURNAL_VERSION } from './journal-format.js';
import { firstIssue, headerSchema, snapshotSchema, tickLineSchema } from './journal-schema.js';
import type { JournalContents, JournalHeader } from './journal-types.js';

/** A journal that cannot be read: the message names the file, the line and what to do. */
export class JournalError extends Error {
  /** An ApiErrorCode, so the Host answers with it. */
  readonly code: 'not-found' | 'bad-request' | 'permission';
  constructor(message: string, code: JournalError['code'] = 'bad-request') {
    super(message);
    this.name = 'JournalError';
    this.code = code;
  }
}

/** Reads and rebuilds the whole journal at `path`. */
export async function readJournal(path: string): Promise<JournalContents> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw readFailure(path, err);
  }
  return parseJournal(text, path);
}

/** The I/O error of opening a journal, as a JournalError that says what to do. */
export function readFailure(path: string, err: unknown): JournalError {
  const code = (err as { code?: unknown }).code;
  if (code === 'ENOENT')
    return new JournalError(
      `cannot read journal ${path}: no such file; check the path (sessions:list shows the recorded sessions)`,
      'not-found',
    );
  if (code === 'EACCES' || code === 'EPERM')
    return new JournalError(
      `cannot read journal ${path}: permission denied; run as its owner or make it readable`,
      'permission',
    );
  if (code === 'EISDIR')
    return new JournalError(`cannot read journal ${path}: it is a directory; pass a journal file`);
  return new JournalError(`cannot read journal ${path}: ${String(err)}`);
}

/** The pure part of readJournal: `text` is the file's contents, `name` is used in messages. */
export function parseJournal(text: string, name = 'the journal'): JournalContents {
  const lines = text.split('\n');
  // A file that ends with "\n" leaves one empty string at the end; that is not a line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0)
    throw new JournalError(
      `${name} is empty: the recording failed before writing its header; record again`,
    );
  const header = parseHeader(lines[0] ?? '', name, lines.length === 1 && !text.endsWith('\n'));

  const ticks: TickUpdate[] = [];
  let previous: Snapshot | undefined;
  let torn = false;
  // Each line is written with its "\n" in one write(2), so only a last line without its newline
  // can be torn; a complete bad line is damage, whichever line it is.
  const endsWithNewline = text.endsWith('\n');
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const isLast = i === lines.length - 1;
    const raw = lines[i] ?? '';
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      if (isLast && !endsWithNewline) {
        torn = true;
        break;
      }
      throw corrupt(name, lineNo, 'not valid JSON');
    }
    const tick = decodeTick(value, previous, name, lineNo);
    ticks.push(tick);
    previous = tick.snapshot;
  }
  return { header, ticks, torn };
}

function parseHeader(raw: string, name: string, mayBeTorn: boolean): JournalHeader {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new JournalError(
      mayBeTorn
        ? `${name} has no complete header: the recording stopped while starting; record again`
        : `${name} is not a Subflow journal (line 1 is not JSON); pass a file written by "subflow record"`,
    );
  }
  const v = value as { format?: unknown; version?: unknown } | null;
  if (typeof v !== 'object' || v === null || v.format !== JOURNAL_FORMAT)
    throw new JournalError(
      `${name} is not a Subflow journal (line 1 is not a journal header); pass a file written by "subflow record"`,
    );
  if (typeof v.version === 'number' && v.version > JOURNAL_VERSION)
    throw new JournalError(
      `${name} was written by a newer Subflow (journal format version ${v.version}, this one reads up to ${JOURNAL_VERSION}); upgrade Subflow to read it`,
    );
  const parsed = headerSchema.safeParse(value);
  if (!parsed.success)
    throw new JournalError(
      `${name} line 1 is not a valid journal header (${firstIssue(parsed.error)}); the file is damaged or not a Subflow journal`,
    );
  const header: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  delete header['format'];
  return header as unknown as JournalHeader;
}

function decodeTick(
  value: unknown,
  previous: Snapshot | undefined,
  name: string,
  lineNo: number,
): TickUpdate {
  const line = tickLineSchema.safeParse(value);
  if (!line.success) throw corrupt(name, lineNo, firstIssue(line.error));
  const { t, k, d } = line.data;
  let snapshot: unknown;
  if (k !== undefined) {
    snapshot = k;
  } else {
    if (previous === undefined) throw corrupt(name, lineNo, 'a delta with no keyframe before it');
    try {
      snapshot = apply(previous as unknown as Json, d as Json);
    } catch (err) {
      if (err instanceof DeltaError) throw corrupt(name, lineNo, `bad delta: ${err.message}`);
      throw err;
    }
  }
  const checked = snapshotSchema.safeParse(snapshot);
  if (!checked.success) throw corrupt(name, lineNo, `bad snapshot ${firstIssue(checked.error)}`);
  if (checked.data.time !== t)
    throw corrupt(name, lineNo, `"t" ${t} differs from the snapshot's time ${checked.data.time}`);
  // The validated value is a copy; keep the original so unchanged parts stay shared.
  const events = (value as { e?: readonly PmEvent[] }).e ?? [];
  return { snapshot: withFallbackDefault(snapshot as Snapshot), events };
}

/**
 * Journals written before connections carried `fallback` read as not fallen back (the contract
 * field is required). Copies only when a connection lacks it, so new journals stay shared.
 */
function withFallbackDefault(snapshot: Snapshot): Snapshot {
  const lacks = (c: Snapshot['connections'][number]): boolean =>
    typeof (c as { fallback?: unknown }).fallback !== 'boolean';
  if (!snapshot.connections.some(lacks)) return snapshot;
  return {
    ...snapshot,
    connections: snapshot.connections.map((c) => (lacks(c) ? { ...c, fallback: false } : c)),
  };
}

function corrupt(name: string, lineNo: number, why: string): JournalError {
  return new JournalError(
    `${name} line ${lineNo} is corrupt (${why}); keep what came before it with "head -n ${lineNo - 1}" into a new file and read that`,
  );
}
