// .ci/need-commands, the check that ends CI's install step: with a PATH that lacks a command it
// stops with one line naming the Debian package, and .ci/commands agrees with the packages the
// lab and the doctor name for the same programs.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TOOL_PACKAGES } from '../../../native/commands.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SCRIPT = join(ROOT, '.ci', 'need-commands');
const TABLE = join(ROOT, '.ci', 'commands');

/** [command, package] rows of .ci/commands. */
function table(): [string, string][] {
  return readFileSync(TABLE, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [cmd = '', pkg = ''] = line.split(/\s+/);
      return [cmd, pkg];
    });
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A directory holding an executable stand-in for each of `commands`. */
function pathWith(commands: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'sf-need-'));
  dirs.push(dir);
  for (const c of commands) {
    writeFileSync(join(dir, c), '#!/bin/sh\n');
    chmodSync(join(dir, c), 0o755);
  }
  return dir;
}

/**
 * The table's rows that are commands on PATH (the rows naming files by absolute path are
 * checked on the machine's own files, so these tests leave them out), as a table file.
 */
function commandsTable(): string {
  const file = join(pathWith([]), 'commands');
  const rows = table().filter(([c]) => !c.startsWith('/'));
  writeFileSync(file, rows.map((r) => r.join(' ')).join('\n') + '\n');
  return file;
}

/** Runs the check with PATH = `path` only (it uses bash builtins, nothing else). */
function check(path: string, ...args: string[]) {
  const run = spawnSync('/bin/bash', [SCRIPT, ...args, commandsTable()], {
    env: { PATH: path },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('.ci/need-commands', () => {
  const commands = table()
    .map(([c]) => c)
    .filter((c) => !c.startsWith('/'));

  it('is silent and succeeds when every command is on PATH', () => {
    expect(check(pathWith(commands))).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('stops with one line naming the missing command and its package', () => {
    const result = check(pathWith(commands.filter((c) => c !== 'mptcpize')));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'missing command: mptcpize (Debian package mptcpize); install with: apt-get install mptcpize',
    ]);
  });

  it('names every missing command on that one line, each package once', () => {
    const result = check(pathWith(commands.filter((c) => !['ip', 'ss', 'iperf3'].includes(c))));
    expect(result.status).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('ip (Debian package iproute2), ss (Debian package iproute2)');
    expect(result.stderr).toContain('install with: apt-get install iproute2 iperf3\n');
  });

  it('lists the packages to install with --packages, and exits 0', () => {
    const result = check(pathWith(['ip', 'ss']), '--packages');
    expect(result.status).toBe(0);
    const packages = result.stdout.trim().split('\n');
    expect(packages).toContain('mptcpize');
    expect(packages).toContain('chromium');
    expect(packages.filter((p) => p === 'iproute2')).toEqual(['iproute2']); // for tc
    expect(new Set(packages).size).toBe(packages.length);
  });
});

describe('.ci/need-commands with a path', () => {
  it('checks that a file named by an absolute path exists (a daemon outside PATH, a plugin)', () => {
    const dir = pathWith([]);
    const present = join(dir, 'addr_adv.so');
    writeFileSync(present, '');
    const table = join(dir, 'table');
    writeFileSync(table, `${present} mptcpd-plugins\n${join(dir, 'mptcpd')} mptcpd\n`);
    const run = spawnSync('/bin/bash', [SCRIPT, table], { env: { PATH: dir }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`missing command: ${join(dir, 'mptcpd')} (Debian package mptcpd)`);
    expect(run.stderr).not.toContain('addr_adv.so');
  });
});

describe('.ci/commands', () => {
  it('checks every program the lab runs, with the package the lab names', () => {
    const rows = new Map(table());
    for (const [tool, pkg] of Object.entries(TOOL_PACKAGES)) {
      expect(rows.get(tool), tool).toBe(pkg);
    }
  });

  it('installs mptcpize from its own package, not from mptcpd', () => {
    expect(new Map(table()).get('mptcpize')).toBe('mptcpize');
  });
});
