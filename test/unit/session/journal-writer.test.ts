import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../../electron/session/journal/journal-reader.js';
import { JournalWriter, writeFailure } from '../../../electron/session/journal/journal-writer.js';
import { header, T0, ticksOf } from './snapshots.js';

const dir = mkdtempSync(join(tmpdir(), 'sf-writer-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const ticks = ticksOf(
  Array.from({ length: 25 }, (_, i) => [
    { token: 'a1b2c3d4', red: 1000 + i, blue: i > 10 ? 70 : null },
    ...(i % 7 === 0 ? [] : [{ token: 'c0ffee00', red: 5, blue: 3 * i }]),
  ]),
  1000,
  { 3: [{ time: T0 + 2500, type: 'sub-established', source: 'kernel', token: 'a1b2c3d4' }] },
);

describe('JournalWriter', () => {
  it('round-trips ticks through the file deep-equal, with keyframes where due', async () => {
    const path = join(dir, 'round.sfj');
    const w = JournalWriter.open(path, header(), { keyframeEvery: 10 });
    for (const t of ticks) w.append(t);
    w.close();
    const back = await readJournal(path);
    expect(back).toEqual({ header: header(), ticks, torn: false });
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    const kinds = lines.slice(1).map((l) => ('k' in (JSON.parse(l) as object) ? 'k' : 'd'));
    expect(kinds.join('')).toBe(`${'kddddddddd'.repeat(2)}kdddd`);
    expect(w.ticks).toBe(25);
    expect(w.bytes).toBe(statSync(path).size);
  });

  it('creates the file owner-only', () => {
    const path = join(dir, 'mode.sfj');
    JournalWriter.open(path, header()).close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('has every appended tick on disk before close (no buffering in the process)', async () => {
    const path = join(dir, 'open.sfj');
    const w = JournalWriter.open(path, header());
    for (const t of ticks.slice(0, 5)) w.append(t);
    expect((await readJournal(path)).ticks).toEqual(ticks.slice(0, 5));
    w.close();
  });

  it('refuses to replace a file in exclusive mode', () => {
    const path = join(dir, 'twice.sfj');
    JournalWriter.open(path, header()).close();
    expect(() => JournalWriter.open(path, header(), { exclusive: true })).toThrow(
      /already exists; choose another name/,
    );
  });

  it('says a missing directory is missing', () => {
    expect(() => JournalWriter.open(join(dir, 'no/such/dir.sfj'), header())).toThrow(
      /its directory does not exist; create it or choose another path/,
    );
  });

  it('refuses a device such as /dev/full instead of writing into it', () => {
    expect(() => JournalWriter.open('/dev/full', header())).toThrow(
      'refusing to write the journal to /dev/full: it is a character device',
    );
  });

  it('turns fs errors into sentences with a code', () => {
    const e = writeFailure('/x.sfj', Object.assign(new Error('EACCES'), { code: 'EACCES' }));
    expect(e).toMatchObject({ code: 'permission', errno: 'EACCES' });
    expect(e.message).toBe(
      'cannot write the journal /x.sfj: permission denied; choose a directory you can write to',
    );
  });
});
