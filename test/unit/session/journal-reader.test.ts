import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TickUpdate } from '../../../electron/contract.js';
import {
  encodeHeaderLine,
  encodeTickLine,
} from '../../../electron/session/journal/journal-format.js';
import { parseJournal, readJournal } from '../../../electron/session/journal/journal-reader.js';
import { header, T0, ticksOf } from './snapshots.js';

/** A journal's text with a keyframe every `every` ticks. */
function journalText(ticks: readonly TickUpdate[], every = 4): string {
  let text = encodeHeaderLine(header());
  ticks.forEach((tick, i) => {
    text += encodeTickLine(tick, ticks[i - 1]?.snapshot, i % every === 0);
  });
  return text;
}

const sample = ticksOf(
  Array.from({ length: 10 }, (_, i) => [
    { token: 'a1b2c3d4', red: 1000 * i, blue: i % 3 === 0 ? null : 50 },
    ...(i > 4 ? [{ token: 'ffff0001', red: 7, blue: 9 }] : []),
  ]),
  1000,
  { 5: [{ time: T0 + 5000, type: 'created', source: 'kernel', token: 'ffff0001' }] },
);

describe('parseJournal', () => {
  it("keeps each connection's process and the process note; journals without them still replay", () => {
    const iperf = { pid: 4242, name: 'iperf3', cmdline: 'iperf3 -c x', uid: 0, user: 'root' };
    const withApps: TickUpdate[] = sample.map((t, i) => ({
      ...t,
      snapshot: {
        ...t.snapshot,
        processNote: 'note',
        connections: t.snapshot.connections.map((c) => ({
          ...c,
          process: c.token === 'ffff0001' ? null : { ...iperf, others: i > 6 ? 1 : undefined },
        })),
      },
    }));
    const clean = JSON.parse(JSON.stringify(withApps)) as TickUpdate[];
    expect(parseJournal(journalText(withApps)).ticks).toEqual(clean);
    expect(parseJournal(journalText(sample)).ticks[0]!.snapshot.connections[0]).not.toHaveProperty(
      'process',
    );
    const bad = journalText(withApps).replace('"pid":4242', '"pid":"4242"');
    expect(() => parseJournal(bad)).toThrow(/process\.pid/);
  });

  it('gives back the header and every tick deep-equal', () => {
    const contents = parseJournal(journalText(sample));
    expect(contents.header).toEqual(header());
    expect(contents.ticks).toEqual(sample);
    expect(contents.torn).toBe(false);
  });

  it('reads a journal written before connections carried fallback as not fallen back', () => {
    const old = sample.map((t) => ({
      ...t,
      snapshot: {
        ...t.snapshot,
        connections: t.snapshot.connections.map(({ fallback: _dropped, ...c }) => c),
      },
    })) as unknown as TickUpdate[];
    const text = journalText(old);
    expect(text).not.toContain('"fallback"');
    const contents = parseJournal(text);
    expect(contents.ticks).toEqual(sample);
    expect(contents.ticks.flatMap((t) => t.snapshot.connections.map((c) => c.fallback))).toContain(
      false,
    );
  });

  it('keeps fallback and its reason as recorded', () => {
    const fallen = sample.map((t) => ({
      ...t,
      snapshot: {
        ...t.snapshot,
        connections: t.snapshot.connections.map((c) => ({
          ...c,
          fallback: true,
          fallbackReason: 'a bad or missing DSS mapping (DssFallback)',
        })),
      },
    }));
    expect(parseJournal(journalText(fallen)).ticks).toEqual(fallen);
  });

  it('skips and flags a torn last line', () => {
    const text = journalText(sample);
    const cut = text.slice(0, text.length - 40);
    const contents = parseJournal(cut);
    expect(contents.torn).toBe(true);
    expect(contents.ticks).toEqual(sample.slice(0, -1));
  });

  it('calls a bad last line that ends in a newline damage, not torn (a torn line has none)', () => {
    const text = journalText(sample);
    const cut = `${text.slice(0, text.length - 40)}\n`;
    expect(() => parseJournal(cut)).toThrow(/not valid JSON/);
  });

  it('reads a journal with a header and no ticks', () => {
    expect(parseJournal(encodeHeaderLine(header()))).toEqual({
      header: header(),
      ticks: [],
      torn: false,
    });
  });

  it('names the line of a corrupt line in the middle and what to do', () => {
    const lines = journalText(sample).split('\n');
    lines[4] = '{"t":12,"d":';
    expect(() => parseJournal(lines.join('\n'), 'x.sfj')).toThrow(
      'x.sfj line 5 is corrupt (not valid JSON); keep what came before it with "head -n 4"',
    );
  });

  it('refuses a delta that does not rebuild a snapshot', () => {
    const lines = journalText(sample).split('\n');
    lines[3] = JSON.stringify({ t: T0 + 2000, d: { connections: 'nope' } });
    expect(() => parseJournal(lines.join('\n'), 'x.sfj')).toThrow(
      /line 4 is corrupt \(bad snapshot at connections/,
    );
  });

  it('refuses a delta with no keyframe before it', () => {
    const text = encodeHeaderLine(header()) + JSON.stringify({ t: T0, d: {} }) + '\n';
    expect(() => parseJournal(text, 'x.sfj')).toThrow(
      /line 2 is corrupt \(a delta with no keyframe/,
    );
  });

  it('refuses a tick whose time disagrees with its snapshot', () => {
    const lines = journalText(sample).split('\n');
    lines[1] = lines[1]!.replace(`{"t":${T0}`, `{"t":${T0 + 1}`);
    expect(() => parseJournal(lines.join('\n'), 'x.sfj')).toThrow(/line 2 is corrupt \("t"/);
  });

  it('refuses a file that is not a journal', () => {
    expect(() => parseJournal('hello\nworld\n', 'x.txt')).toThrow(
      'x.txt is not a Subflow journal (line 1 is not JSON); pass a file written by "subflow record"',
    );
    expect(() => parseJournal('{"a":1}\n', 'x.json')).toThrow(/x.json is not a Subflow journal/);
    expect(() => parseJournal('', 'x.sfj')).toThrow(/x.sfj is empty/);
  });

  it('refuses a journal from a newer version and says to upgrade', () => {
    const text = JSON.stringify({ format: 'subflow-journal', version: 2 }) + '\n';
    expect(() => parseJournal(text, 'x.sfj')).toThrow(
      'x.sfj was written by a newer Subflow (journal format version 2, this one reads up to 1); upgrade Subflow to read it',
    );
  });

  it('says when only a torn header is there', () => {
    const text = encodeHeaderLine(header()).slice(0, 30);
    expect(() => parseJournal(text, 'x.sfj')).toThrow(/has no complete header/);
  });

  it('refuses a header with a missing field', () => {
    const text = JSON.stringify({ format: 'subflow-journal', version: 1, startedAt: 1 }) + '\n';
    expect(() => parseJournal(text, 'x.sfj')).toThrow(
      /line 1 is not a valid journal header \(at hostname/,
    );
  });
});

describe('readJournal', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sf-reader-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file', async () => {
    const path = join(dir, 'a.sfj');
    await writeFile(path, journalText(sample));
    expect((await readJournal(path)).ticks).toEqual(sample);
  });

  it('says a missing file is missing', async () => {
    await expect(readJournal(join(dir, 'none.sfj'))).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('no such file') as unknown,
    });
  });
});
