// Text from the kernel reaches the terminal only through terminalSafe: an interface named with
// an escape sequence cannot colour, move or rewrite anything, JSON output stays parseable, and
// the CLI's human output keeps only newline and tab below 0x20.
import { describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../../electron/contract.js';
import { renderSnapshot } from '../../electron/cli/snapshot-text.js';
import { terminalSafe, writeErr, writeOut } from '../../electron/terminal-text.js';
import { SNAPSHOT } from './server/fake-host.js';

const RED = '\u001b[31mRED\u001b[0m';

/** Every code point below 0x20 but newline and tab, DEL, C1 and the bidi controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('terminalSafe', () => {
  it('escapes C0 (but newline and tab), DEL, C1 and bidi controls; keeps the rest', () => {
    expect(terminalSafe(`a${RED}\tb\n`)).toBe('a\\u001b[31mRED\\u001b[0m\tb\n');
    expect(terminalSafe('\r\u0007\u007f\u009b\u202e\u2066')).toBe(
      '\\u000d\\u0007\\u007f\\u009b\\u202e\\u2066',
    );
    expect(terminalSafe('eth0é <script> $(id) 漢字')).toBe('eth0é <script> $(id) 漢字');
  });

  it('keeps JSON valid and equal to what was encoded', () => {
    const value = { name: `x\u009b${RED}\u202ey` };
    const safe = terminalSafe(JSON.stringify(value));
    expect(safe).not.toMatch(CONTROL);
    expect(JSON.parse(safe)).toEqual(value);
  });

  it('a snapshot of an interface named with escapes prints no control byte', () => {
    const s: Snapshot = {
      ...SNAPSHOT,
      hostname: `host${RED}`,
      interfaces: SNAPSHOT.interfaces.map((i) => ({ ...i, name: RED })),
      endpoints: SNAPSHOT.endpoints.map((e) => ({ ...e, interface: RED })),
    };
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((t) => ((out += String(t)), true));
    try {
      writeOut(`${renderSnapshot(s)}\n`);
    } finally {
      vi.restoreAllMocks();
    }
    expect(out).toContain('\\u001b[31mRED\\u001b[0m');
    for (const byte of Buffer.from(out, 'utf8')) {
      expect(byte >= 0x20 || byte === 0x0a || byte === 0x09, `byte 0x${byte.toString(16)}`).toBe(
        true,
      );
    }
  });

  it('errors on stderr are escaped the same way', () => {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((t) => ((err += String(t)), true));
    try {
      writeErr(`subflow: there is no interface named ${RED} here\n`);
    } finally {
      vi.restoreAllMocks();
    }
    expect(err).toBe('subflow: there is no interface named \\u001b[31mRED\\u001b[0m here\n');
  });
});
