// The output-file rule, through every writer that uses it (`subflow report --out`, the journal
// behind `subflow record --out`): only regular files are written or replaced; a FIFO, a
// character device, a socket, a directory or a symbolic link at the path is refused with one
// sentence and left exactly as it was.
import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportCommand } from '../../electron/cli/report-command.js';
import { OutputFileError, writeOutputFile } from '../../electron/output-file.js';
import { encodeHeaderLine, encodeTickLine } from '../../electron/session/journal/journal-format.js';
import { JournalWriter, JournalWriteError } from '../../electron/session/journal/journal-writer.js';
import { header, ticksOf } from './session/snapshots.js';

const root = process.getuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), 'sf-outfile-'));
let socketServer: Server;
const journalPath = join(dir, 'in.sfj');
const ticks = ticksOf([[{ token: 'a1b2c3d4', red: 1000, blue: 20 }]], 1000, {});

beforeAll(async () => {
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  mkdirSync(join(dir, 'a-directory'));
  writeFileSync(join(dir, 'victim'), 'precious\n', { mode: 0o644 });
  symlinkSync(join(dir, 'victim'), join(dir, 'link'));
  symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
  // /dev/full's numbers: writes to it fail with ENOSPC, so a write through would show.
  if (root) execFileSync('mknod', [join(dir, 'full'), 'c', '1', '7']);
  socketServer = createServer();
  await new Promise<void>((resolve) => socketServer.listen(join(dir, 'sock'), resolve));
  const first = ticks[0]!;
  writeFileSync(
    journalPath,
    encodeHeaderLine(header()) + encodeTickLine(first, undefined, true),
    'utf8',
  );
});
afterAll(async () => {
  await new Promise<void>((resolve) =>
    socketServer.close(() => {
      resolve();
    }),
  );
  rmSync(dir, { recursive: true, force: true });
});

/** What is at `path`, to compare before and after: type, device numbers, link target, bytes. */
function fingerprint(path: string): string {
  const info = lstatSync(path);
  const kind = info.isSymbolicLink()
    ? `link→${readlinkSync(path)}`
    : info.isFile()
      ? `file:${readFileSync(path, 'utf8')}`
      : `mode ${info.mode.toString(8)} rdev ${info.rdev}`;
  return `${kind} ino ${info.ino}`;
}

const targets: [kind: string, name: string][] = [
  ['a FIFO (named pipe)', 'fifo'],
  ['a socket', 'sock'],
  ['a directory', 'a-directory'],
  ['a symbolic link', 'link'],
  ['a symbolic link', 'dangling'],
  ...(root ? [['a character device', 'full'] as [string, string]] : []),
];

async function runReport(argv: string[]) {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await reportCommand.run(argv), stdout };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('the output-file rule', () => {
  it.each(targets)(
    'subflow report --out refuses %s (%s), leaving it unchanged',
    async (kind, name) => {
      const target = join(dir, name);
      const before = fingerprint(target);
      await expect(runReport([journalPath, '--format', 'json', '--out', target])).rejects.toThrow(
        `refusing to write the report to ${target}: it is ${kind}`,
      );
      expect(fingerprint(target)).toBe(before);
      expect(readFileSync(join(dir, 'victim'), 'utf8')).toBe('precious\n');
    },
  );

  it.each(targets)(
    'the journal of record --out refuses %s (%s), leaving it unchanged',
    (kind, name) => {
      const target = join(dir, name);
      const before = fingerprint(target);
      let thrown: unknown;
      try {
        JournalWriter.open(target, header()).close();
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(JournalWriteError);
      expect((thrown as JournalWriteError).code).toBe('bad-request');
      expect((thrown as Error).message).toContain(
        `refusing to write the journal to ${target}: it is ${kind}`,
      );
      expect(fingerprint(target)).toBe(before);
    },
  );

  it('leaves no temporary file behind after a refusal', () => {
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces a regular file with a new one: a journal gets mode 0600 whatever the old mode', () => {
    const target = join(dir, 'old.sfj');
    writeFileSync(target, 'old\n', { mode: 0o644 });
    const oldInode = statSync(target).ino;
    const w = JournalWriter.open(target, header());
    for (const t of ticks) w.append(t);
    w.close();
    const after = statSync(target);
    expect(after.mode & 0o777).toBe(0o600);
    expect(after.ino).not.toBe(oldInode);
    expect(readFileSync(target, 'utf8')).toMatch(/^\{"format":/);
  });

  it('writes a report over a regular file and into a new path', async () => {
    const target = join(dir, 'old.json');
    writeFileSync(target, 'old\n');
    expect(await runReport([journalPath, '--format', 'json', '--out', target])).toEqual({
      code: 0,
      stdout: `${target}\n`,
    });
    expect(JSON.parse(readFileSync(target, 'utf8'))).toMatchObject({ torn: false });
    const fresh = join(dir, 'fresh.csv');
    await runReport([journalPath, '--format', 'csv', '--out', fresh]);
    expect(statSync(fresh).isFile()).toBe(true);
  });

  it('an exclusive journal (sessions directory) never replaces anything', () => {
    const target = join(dir, 'taken.sfj');
    writeFileSync(target, 'taken\n');
    expect(() => JournalWriter.open(target, header(), { exclusive: true })).toThrow(
      'already exists',
    );
    expect(readFileSync(target, 'utf8')).toBe('taken\n');
  });

  it('writeOutputFile refuses with OutputFileError before creating anything', async () => {
    const err = await writeOutputFile(join(dir, 'fifo'), 'x', { mode: 0o600, what: 'test' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OutputFileError);
    expect((err as OutputFileError).message).toMatch(/give the path of a new file/);
  });
});
