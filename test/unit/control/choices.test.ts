// Remembered multipath choices: the pure list operations and file format, and the file store
// (atomic write, mode 0644 in a 0755 directory, a missing file is no choice, an unreadable or
// malformed one is reported and never silently replaced).
import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  choiceFor,
  formatChoices,
  parseChoices,
  withChoice,
  withoutChoice,
} from '../../../electron/control/choices.js';
import { CHOICES_FILE, choiceStore, configDir } from '../../../electron/control/choices-file.js';

const off = { netns: null, interface: 'blue-c', mode: 'off' as const, time: 1 };

describe('choices (pure)', () => {
  it('keeps one choice per namespace and interface, the latest', () => {
    const list = withChoice(withChoice([off], { ...off, netns: 'ns1' }), {
      ...off,
      mode: 'on',
      time: 2,
    });
    expect(list).toHaveLength(2);
    expect(choiceFor(list, { netns: null, interface: 'blue-c' })?.mode).toBe('on');
    expect(choiceFor(list, { netns: 'ns1', interface: 'blue-c' })?.mode).toBe('off');
    expect(withoutChoice(list, { netns: null, interface: 'blue-c' })).toEqual([
      { ...off, netns: 'ns1' },
    ]);
  });

  it('reads back what it writes, and says what is wrong with a bad file', () => {
    expect(parseChoices(formatChoices([off, { ...off, interface: 'a' }]))).toEqual([
      { ...off, interface: 'a' },
      off,
    ]);
    expect(() => parseChoices('{')).toThrow(/not JSON/);
    expect(() => parseChoices('{"version":3,"choices":[]}')).toThrow(
      /version 3 choices file, written by a newer Subflow/,
    );
    expect(() => parseChoices('{"choices":[]}')).toThrow(/not a version 1 or 2 choices file/);
    expect(() =>
      parseChoices(
        '{"version":1,"choices":[{"netns":null,"interface":"x","mode":"sideways","time":1}]}',
      ),
    ).toThrow(/choices\.0\.mode/);
  });

  it('takes the directory from SUBFLOW_CONFIG_DIR, else /etc/subflow', () => {
    expect(configDir({ SUBFLOW_CONFIG_DIR: '/tmp/x' })).toBe('/tmp/x');
    expect(configDir({})).toBe('/etc/subflow');
  });
});

describe('choiceStore (file)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'subflow-choices-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the directory 0755 and the file 0644, remembers and forgets', async () => {
    const nested = join(dir, 'etc', 'subflow');
    const store = choiceStore(nested, () => 42);
    expect(await store.load()).toEqual({ choices: [] });
    await store.remember('ns1', 'blue-c', 'off');
    await store.remember(null, 'red-c', 'backup');
    expect((await stat(nested)).mode & 0o777).toBe(0o755);
    expect((await stat(join(nested, CHOICES_FILE))).mode & 0o777).toBe(0o644);
    expect((await store.load()).choices).toEqual([
      { netns: null, interface: 'red-c', mode: 'backup', time: 42 },
      { netns: 'ns1', interface: 'blue-c', mode: 'off', time: 42 },
    ]);
    await store.forget({ netns: 'ns1', interface: 'blue-c' });
    expect((await store.load()).choices.map((c) => c.interface)).toEqual(['red-c']);
  });

  it('reports a malformed file instead of failing, and refuses to overwrite it', async () => {
    await writeFile(join(dir, CHOICES_FILE), 'not json');
    const store = choiceStore(dir);
    const read = await store.load();
    expect(read.choices).toEqual([]);
    expect(read.problem).toMatch(/^multipath choices: .*multipath-choices\.json it is not JSON/);
    await expect(store.remember(null, 'blue-c', 'off')).rejects.toThrow(/it is not JSON/);
    expect(await readFile(join(dir, CHOICES_FILE), 'utf8')).toBe('not json');
  });

  it('reports a file it may not read', async () => {
    // A directory in place of the file fails for root too (EISDIR), unlike permission bits.
    await rm(dir, { recursive: true });
    await writeFile(dir, '');
    await chmod(dir, 0o644);
    const read = await choiceStore(join(dir, 'sub')).load();
    expect(read.choices).toEqual([]);
    expect(read.problem).toMatch(/could not be read \(ENOTDIR/);
    await rm(dir);
    dir = await mkdtemp(join(tmpdir(), 'subflow-choices-'));
  });
});
