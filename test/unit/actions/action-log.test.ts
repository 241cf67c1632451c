// The shared action log: lines round-trip, a torn or foreign line is skipped, the reader sees only
// what was appended since it opened, survives the file being cut back, and the file stays bounded.
import { appendFileSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ActionLogReader,
  MAX_BYTES,
  actionLogPath,
  appendActionLine,
  parseActionLine,
} from '../../../electron/monitor/action-log.js';
import type { ActionLogLine } from '../../../electron/monitor/action-log.js';
import { managersAmong, suspectsText } from '../../../electron/monitor/endpoint-managers.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'sf-actlog-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const end = (id: string): ActionLogLine => ({
  phase: 'end',
  id,
  pid: 4242,
  time: 1_700_000_000_000,
  action: { kind: 'multipath', origin: 'cli', change: 'blue-c: on → backup', result: 'done' },
  interface: 'blue-c',
  endpoints: [{ id: 1, address: '203.0.113.1', flags: ['subflow', 'backup'] }],
});

describe('action log', () => {
  it('lives under SUBFLOW_RUN_DIR, one file per namespace', () => {
    expect(actionLogPath('sf-cli', { SUBFLOW_RUN_DIR: '/tmp/x' })).toBe(
      '/tmp/x/actions.netns.sf-cli.ndjson',
    );
    expect(actionLogPath(null, {})).toBe('/run/subflow/actions.host.ndjson');
  });

  it('parses its own lines and skips anything else', () => {
    expect(parseActionLine(JSON.stringify(end('a')))).toEqual(end('a'));
    expect(parseActionLine('{"phase":"end","id":"a"')).toBeNull();
    expect(parseActionLine('{"phase":"other"}')).toBeNull();
  });

  it('reads what was appended since it opened, across a cut-back file', () => {
    const path = join(tmp(), 'sub', 'actions.host.ndjson');
    expect(appendActionLine(path, { phase: 'begin', id: 'old', pid: 1, time: 1 })).toBeNull();
    const reader = new ActionLogReader(path);
    expect(reader.read()).toEqual([]);
    appendActionLine(path, { phase: 'begin', id: 'a', pid: 1, time: 2 });
    appendFileSync(path, 'not json\n{"phase":"end"');
    expect(reader.read().map((l) => l.id)).toEqual(['a']);
    appendFileSync(path, ',"torn":1}\n');
    expect(reader.read()).toEqual([]); // the torn line completes as a foreign one: skipped
    writeFileSync(`${path}.new`, JSON.stringify(end('b')) + '\n');
    renameSync(`${path}.new`, path); // as the writer cuts it back
    expect(reader.read().map((l) => l.id)).toEqual(['b']);
  });

  it('stays bounded', () => {
    const path = join(tmp(), 'actions.host.ndjson');
    for (let i = 0; i < 2000; i++) appendActionLine(path, end(`line-${i}`));
    expect(statSync(path).size).toBeLessThanOrEqual(MAX_BYTES);
    const reader = new ActionLogReader(path);
    appendActionLine(path, end('last'));
    expect(reader.read().map((l) => l.id)).toEqual(['last']);
  });

  it('says an unwritable directory instead of throwing', () => {
    const file = join(tmp(), 'plain-file');
    writeFileSync(file, '');
    expect(appendActionLine(join(file, 'actions.host.ndjson'), end('x'))).toMatch(
      /^cannot write the shared action log /,
    );
  });
});

describe('endpoint managers', () => {
  it('finds NetworkManager and mptcpd by their comm names', () => {
    expect(managersAmong(['systemd\n', 'mptcpd\n', 'NetworkManager\n', 'mptcpd\n'])).toEqual([
      'NetworkManager',
      'mptcpd',
    ]);
    expect(suspectsText([])).toMatch(/no NetworkManager or mptcpd is running/);
    expect(suspectsText(['mptcpd'])).toMatch(/mptcpd is running here and may have made it/);
  });
});
