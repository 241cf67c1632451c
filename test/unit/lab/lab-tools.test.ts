// The lab's look-up of its tools: which are missing from PATH (and sbin), and the message that
// names each with its Debian package.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingTools, searchDirs, toolsMissingMessage } from '../../../native/commands.js';
import { LabToolMissingError } from '../../../native/lab/lab-errors.js';
import { assertLabTools } from '../../../native/lab/lab-tools.js';

describe('missingTools', () => {
  const present = new Set(['/usr/bin/iperf3', '/usr/sbin/ip', '/usr/sbin/tc']);
  const exists = (path: string): boolean => present.has(path);

  it('finds tools in PATH and in the sbin directories PATH leaves out', () => {
    const dirs = searchDirs('/usr/bin:/bin');
    expect(dirs).toEqual(['/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin']);
    expect(missingTools(['ip', 'tc', 'iperf3', 'mptcpize'], dirs, exists)).toEqual(['mptcpize']);
  });

  it('does not repeat sbin directories already on PATH, and ignores empty entries', () => {
    expect(searchDirs('/usr/sbin::/usr/bin')).toEqual([
      '/usr/sbin',
      '/usr/bin',
      '/usr/local/sbin',
      '/sbin',
    ]);
    expect(searchDirs(undefined)).toEqual(['/usr/local/sbin', '/usr/sbin', '/sbin']);
  });
});

describe('toolsMissingMessage', () => {
  it('names mptcpize with its own package, not mptcpd', () => {
    expect(toolsMissingMessage(['mptcpize'])).toBe(
      '`mptcpize` was not found: install the Debian package mptcpize ' +
        '(sudo apt-get install mptcpize) and try again.',
    );
  });

  it('names several tools and each package once', () => {
    expect(toolsMissingMessage(['ip', 'tc', 'iperf3'])).toBe(
      '`ip`, `tc`, `iperf3` were not found: install the Debian packages iproute2 iperf3 ' +
        '(sudo apt-get install iproute2 iperf3) and try again.',
    );
  });
});

describe('assertLabTools', () => {
  it('throws one error naming every missing tool before the lab changes anything', () => {
    const empty = join(import.meta.dirname, 'no-such-dir');
    let caught: unknown;
    try {
      // sbin is always searched: ask only for tools that live nowhere on this machine.
      assertLabTools(['sf-no-such-tool', 'mptcpize-not-here'], empty);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(LabToolMissingError);
    const err = caught as LabToolMissingError;
    expect(err.code).toBe('tool-missing');
    expect(err.tools).toEqual(['sf-no-such-tool', 'mptcpize-not-here']);
    expect(err.message).toMatch(/^`sf-no-such-tool`, `mptcpize-not-here` were not found/);
  });

  it('passes when the tools are there', () => {
    expect(() => {
      assertLabTools(['sh'], '/bin:/usr/bin');
    }).not.toThrow();
  });
});
