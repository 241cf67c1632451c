// Interface names Linux accepts but a shell or a terminal would choke on, on the real kernel in
// a namespace of this test's own: `<script>`, `$(id)` and `eth0é` can be toggled and read back
// with `ip mptcp endpoint show`, and a veth named with an escape sequence leaves `subflow
// snapshot`'s text with no byte below 0x20 but newline and tab.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_TSX, runChild } from './support/as-nobody.js';

const root = process.getuid?.() === 0;
const ns = `sfi16n${process.pid % 100_000}`;
const CLI = [...NODE_TSX, 'electron/cli.ts'];
const ESC_NAME = '\u001b[31mRED\u001b[0m';

const ip = (...args: string[]): string =>
  execFileSync('ip', ['-n', ns, ...args], { encoding: 'utf8' });

/** Each name with the address its veth end gets (documentation ranges only). */
const NAMES: readonly [string, string][] = [
  ['<script>', '198.51.100.21'],
  ['$(id)', '198.51.100.22'],
  ['eth0é', '198.51.100.23'],
  [ESC_NAME, '198.51.100.24'],
];

describe.skipIf(!root)('interface names the kernel accepts, in a namespace of our own', () => {
  beforeAll(() => {
    execFileSync('ip', ['netns', 'add', ns]);
    NAMES.forEach(([name, address], i) => {
      ip('link', 'add', name, 'type', 'veth', 'peer', 'name', `peer${i}`);
      ip('addr', 'add', `${address}/32`, 'dev', name);
      ip('link', 'set', name, 'up');
      ip('link', 'set', `peer${i}`, 'up');
    });
  });
  afterAll(() => {
    execFileSync('ip', ['netns', 'del', ns]);
  });

  it.each(NAMES.slice(0, 3))(
    'toggles %j on, backup and off, read back by ip',
    async (name, address) => {
      const on = await runChild([...CLI, 'multipath', name, 'on', '--netns', ns, '--json']);
      expect(on.stderr).toBe('');
      expect(JSON.parse(on.stdout)).toMatchObject({ interface: name, mode: 'on' });
      const line = () =>
        ip('mptcp', 'endpoint', 'show')
          .split('\n')
          .find((l) => l.startsWith(`${address} `));
      expect(line()).toMatch(new RegExp(` subflow +dev ${name.replace(/[$()]/g, '\\$&')} *$`));
      const backup = await runChild([...CLI, 'multipath', name, 'backup', '--netns', ns]);
      expect(backup.code).toBe(0);
      expect(line()).toContain('backup');
      const off = await runChild([...CLI, 'multipath', name, 'off', '--netns', ns]);
      expect(off.code).toBe(0);
      expect(line()).toBeUndefined();
    },
  );

  it('snapshot text escapes a name with an escape sequence; no control byte reaches the terminal', async () => {
    const run = await runChild([...CLI, 'snapshot', '--netns', ns, '--interval', '200']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\\u001b[31mRED\\u001b[0m');
    const bad = [...Buffer.from(run.stdout, 'utf8')].filter(
      (b) => b < 0x20 && b !== 0x0a && b !== 0x09,
    );
    expect(bad).toEqual([]);
    // The names the kernel gave are shown as they are (escaped only where they must be).
    expect(run.stdout).toContain('<script>');
    expect(run.stdout).toContain('eth0é');
  });

  it('the "no interface named" error is escaped too', async () => {
    const run = await runChild([...CLI, 'multipath', `${ESC_NAME}x`, 'on', '--netns', ns]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('there is no interface named \\u001b[31mRED\\u001b[0mx here');
    const bad = [...Buffer.from(run.stderr, 'utf8')].filter((b) => b < 0x20 && b !== 0x0a);
    expect(bad).toEqual([]);
  });

  it('toggles the escape-sequence name itself', async () => {
    const on = await runChild([...CLI, 'multipath', ESC_NAME, 'on', '--netns', ns, '--json']);
    expect(on.code).toBe(0);
    expect(JSON.parse(on.stdout)).toMatchObject({ interface: ESC_NAME, mode: 'on' });
    expect(ip('mptcp', 'endpoint', 'show')).toContain('198.51.100.24 ');
  });
});
