// The one number formatting of Subflow (electron/units.ts): SI rates and sizes, plurals, and the
// same functions behind the dashboard, the CLI and reports, so one figure reads the same in each.
import { describe, expect, it } from 'vitest';
import * as cli from '../../electron/cli/format.js';
import * as report from '../../electron/report/units.js';
import * as dashboard from '../../renderer/src/format/units.js';
import {
  formatBitRate,
  formatBytes,
  formatRate,
  nounFor,
  plural,
  SIZE_UNITS_NOTE,
} from '../../electron/units.js';

describe('shared units', () => {
  it('writes rates with SI prefixes in bits or bytes per second', () => {
    expect(formatRate(0)).toBe('0 bit/s');
    expect(formatRate(82_250)).toBe('658 kbit/s');
    expect(formatRate(5e6)).toBe('40.0 Mbit/s');
    expect(formatRate(5e6, 'bytes')).toBe('5.00 MB/s');
    expect(formatRate(124_960)).toBe('1.00 Mbit/s');
    expect(formatRate(Number.NaN)).toBe('—');
  });

  it('writes sizes with SI prefixes, never binary ones', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1536)).toBe('1.54 kB');
    expect(formatBytes(8_370_000)).toBe('8.37 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.22 GB');
    expect(SIZE_UNITS_NOTE).toContain('1 MB = 1,000,000 bytes');
  });

  it('puts the right noun with a count', () => {
    expect(plural(1, 'failover')).toBe('1 failover');
    expect(plural(0, 'failover')).toBe('0 failovers');
    expect(plural(2, 'failover')).toBe('2 failovers');
    expect(plural(1024, 'subflow')).toBe('1,024 subflows');
    expect(plural(3, 'process', 'processes')).toBe('3 processes');
    expect(nounFor(1, 'connection')).toBe('connection');
    expect(nounFor(7, 'connection')).toBe('connections');
  });

  it('is the one formatter behind the dashboard, the CLI and reports', () => {
    for (const fn of [dashboard.formatBytes, cli.formatBytes, report.formatBytes])
      expect(fn).toBe(formatBytes);
    expect(cli.formatBitRate).toBe(formatBitRate);
    expect(report.formatBitRate).toBe(formatBitRate);
    expect(dashboard.formatRate).toBe(formatRate);
    expect(cli.formatByteRate(5e6)).toBe(dashboard.formatRate(5e6, 'bytes'));
  });
});
