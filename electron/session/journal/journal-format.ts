// The on-disk format of a session journal (version 1), and the pure encoding of its lines.
// The reader (journal-reader.ts) and the writer (journal-writer.ts) do the I/O; FORMAT.md
// says the same as this comment for people who read journals with other tools.
//
// A journal is NDJSON: UTF-8, one JSON object per line, each line ending in "\n", append-only.
//
//   line 1   the header: {"format":"subflow-journal", ...JournalHeader}
//            (version, startedAt, hostname, netns, kernel, intervalMs, privileged, endpoints,
//             limits, sysctls, writer — see journal-types.ts)
//   line 2…  one line per monitor tick, oldest first:
//            keyframe  {"t":TIME,"k":SNAPSHOT,"e":[EVENTS]}   the whole Snapshot
//            delta     {"t":TIME,"d":DELTA,"e":[EVENTS]}      changes from the previous tick
//            TIME is the snapshot's time (ms since the epoch), so a line can be dated without
//            decoding it; "e" (the PmEvents of that tick, whole) is left out when there are none.
//
// The first tick line is always a keyframe, and so is every KEYFRAME_EVERY-th tick after it, so
// a damaged delta costs at most that many ticks to a tool that resynchronises (Subflow's reader
// refuses a journal with a corrupt line in the middle and says which line).
//
// A DELTA turns the previous tick's snapshot into this one:
//   - a number, string, boolean or null replaces the value at that place;
//   - an object {key: DELTA, …, "-": [keys]} changes those members and deletes the "-" ones;
//     members not named are unchanged;
//   - {"=": VALUE} replaces the value at that place with VALUE, whole;
//   - {"@": {ID: DELTA, …}, "o": [ID, …]} changes an array of entities: each element is named by
//     its identity ID — "t"+token (connections), "n"+name (interfaces), "s"+local address|port|
//     remote address|port (subflows), "i"+id (endpoints). Elements named in "@" change (a new
//     element comes as {"=": ELEMENT}); "o", present only when elements came, went or moved,
//     lists the identities in their new order (elements not listed are gone). An array whose
//     elements have no identity is replaced whole with "=" when it changes.
//
// Durability: the writer appends each tick with one write(2) as soon as the tick arrives, and
// fsyncs at most once per FSYNC_EVERY_MS (and at stop); after kill -9 every written tick is in the
// page cache and on disk, after a power cut at most the last FSYNC_EVERY_MS. A line cut short
// (no "\n", not valid JSON) can only be the last one; readers skip it and say so.
import type { PmEvent, Snapshot, TickUpdate } from '../../contract.js';
import type { JournalHeader } from './journal-types.js';
import { diff } from './journal-delta.js';
import type { Json } from './journal-delta.js';

/** The marker of line 1. */
export const JOURNAL_FORMAT = 'subflow-journal';
/** The format version this code writes and the newest it reads. */
export const JOURNAL_VERSION = 1;
/** A keyframe (whole snapshot) every this many ticks. */
export const KEYFRAME_EVERY = 60;
/** The writer fsyncs at most this often (ms); every tick is written (write(2)) at once. */
export const FSYNC_EVERY_MS = 5000;
/** File name suffix of journals in the sessions directory. */
export const JOURNAL_SUFFIX = '.sfj';

/** Line 1 of a journal. */
export function encodeHeaderLine(header: JournalHeader): string {
  return `${JSON.stringify({ format: JOURNAL_FORMAT, ...header })}\n`;
}

/**
 * One tick line: a keyframe when `previous` is undefined or `keyframe` is set, otherwise the
 * delta from `previous` (the snapshot of the tick before).
 */
export function encodeTickLine(
  tick: TickUpdate,
  previous: Snapshot | undefined,
  keyframe: boolean,
): string {
  const line: Record<string, unknown> = { t: tick.snapshot.time };
  if (previous === undefined || keyframe) {
    line['k'] = tick.snapshot;
  } else {
    line['d'] = diff(previous as unknown as Json, tick.snapshot as unknown as Json) ?? {};
  }
  if (tick.events.length > 0) line['e'] = tick.events satisfies readonly PmEvent[];
  return `${JSON.stringify(line)}\n`;
}
