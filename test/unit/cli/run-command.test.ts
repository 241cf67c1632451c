// `subflow run`'s pure parts: static-binary detection from real ELF heads, the wrapper search,
// MPTCP-disabled reasons, and what it says about the program's connections.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findWrapper,
  mptcpDisabledReason,
  preloadWith,
  resolveExecutable,
} from '../../../electron/cli/run-plan.js';
import {
  describeConnection,
  fallbackCause,
  runConnections,
  runSummary,
} from '../../../electron/cli/run-verify.js';
import { elfLinking } from '../../../native/procfs/elf.js';
import type { MptcpSocketRecord, TcpSocketRecord } from '../../../native/sock-diag/records.js';

const ELF = join(import.meta.dirname, '../../fixtures/procfs/elf');
const reader = (bytes: Uint8Array) => (offset: number, length: number) =>
  bytes.subarray(offset, offset + length);

describe('ELF linking', () => {
  it('finds PT_INTERP in a dynamic binary and none in a static one', () => {
    expect(elfLinking(reader(readFileSync(join(ELF, 'iperf3.head'))))).toBe('dynamic');
    expect(elfLinking(reader(readFileSync(join(ELF, 'ldconfig.head'))))).toBe('static');
  });
  it('says a script or a short file is not ELF', () => {
    expect(elfLinking(reader(new TextEncoder().encode('#!/bin/sh\necho hi\n')))).toBe('not-elf');
    expect(elfLinking(reader(new Uint8Array([0x7f, 0x45, 0x4c, 0x46])))).toBe('not-elf');
  });
});

describe('finding the wrapper and the program', () => {
  it('looks in the multiarch directories for mptcpize/libmptcpwrap.so.0', () => {
    const root = mkdtempSync(join(tmpdir(), 'subflow-lib-'));
    try {
      expect(findWrapper([root])).toBeNull();
      mkdirSync(join(root, 'aarch64-linux-gnu', 'mptcpize'), { recursive: true });
      writeFileSync(join(root, 'aarch64-linux-gnu', 'mptcpize', 'libmptcpwrap.so.0'), '');
      expect(findWrapper([join(root, 'none'), root])).toBe(
        join(root, 'aarch64-linux-gnu', 'mptcpize', 'libmptcpwrap.so.0'),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  it('resolves a command in PATH and keeps an existing LD_PRELOAD after the wrapper', () => {
    expect(resolveExecutable('sh', '/nonexistent:/bin')).toBe('/bin/sh');
    expect(resolveExecutable('no-such-program-here', '/bin')).toBeNull();
    expect(preloadWith('/w.so', undefined)).toBe('/w.so');
    expect(preloadWith('/w.so', '/a.so')).toBe('/w.so:/a.so');
  });
  it('says why MPTCP cannot be used', () => {
    expect(mptcpDisabledReason(null, 'here')).toMatch(/no MPTCP.*CONFIG_MPTCP/);
    expect(mptcpDisabledReason({ enabled: false, other: {} }, 'in namespace x')).toMatch(
      /disabled in namespace x .*sysctl -w net\.mptcp\.enabled=1/,
    );
    expect(mptcpDisabledReason({ enabled: true, other: {} }, 'here')).toBeNull();
  });
});

const ep = (address: string, port: number) => ({ address, port });
const msk = (inode: number, cookie: string, token: number, fallback: boolean, port: number) =>
  ({
    inode,
    cookie,
    state: 'established',
    local: ep('198.51.100.1', port),
    remote: ep('198.51.100.2', 5201),
    info: { token, fallback },
  }) as unknown as MptcpSocketRecord;
const tcp = (inode: number, cookie: string, ulp: string | undefined, token?: number) =>
  ({
    inode,
    cookie,
    state: 'established',
    local: ep('203.0.113.1', 41000),
    remote: ep('203.0.113.2', 5201),
    ulp,
    ...(token !== undefined && { mptcp: { tokenLocal: token } }),
  }) as unknown as TcpSocketRecord;

describe("the program's connections", () => {
  const sockets = [
    msk(1, 'a', 11, false, 40000),
    msk(2, 'b', 22, true, 40001),
    msk(9, 'z', 99, false, 1),
  ];
  const flows = [
    tcp(1, 's1', 'mptcp', 11),
    tcp(1, 's2', 'mptcp', 11),
    tcp(2, 's3', 'mptcp', 22),
    tcp(3, 'p', undefined),
  ];

  it('are the sockets it holds: MPTCP with subflows, fallen back, or plain TCP', () => {
    const conns = runConnections(sockets, flows, new Set([1, 2, 3]));
    expect(conns.map((c) => [c.kind, c.subflows])).toEqual([
      ['mptcp', 2],
      ['fallback', 1],
      ['tcp', 1],
    ]);
    expect(describeConnection(conns[0]!, null)).toBe(
      '198.51.100.1:40000 → 198.51.100.2:5201: MPTCP, 2 subflows',
    );
    expect(describeConnection(conns[1]!, null)).toMatch(
      /fell back to TCP: the kernel flags the fallback .* without saying why/,
    );
    expect(describeConnection(conns[2]!, null)).toMatch(/plain TCP, not an MPTCP socket/);
    expect(runSummary(new Map(conns.map((c) => [c.cookie, c])))).toBe(
      '3 connections: 1 MPTCP (up to 2 subflows), 1 fell back to TCP, 1 plain TCP',
    );
    expect(runSummary(new Map())).toMatch(/no TCP connection/);
  });

  it('explain a fallback by the MPTcpExt counter that rose, and only then', () => {
    const before = { MPCapableFallbackSYNACK: 3, MD5SigFallback: 0 };
    expect(fallbackCause(before, { MPCapableFallbackSYNACK: 5, MD5SigFallback: 0 })).toBe(
      'the peer did not answer MP_CAPABLE: it does not speak MPTCP, or a box on the path strips the option (MPTcpExt MPCapableFallbackSYNACK rose by 2 in this namespace during the run)',
    );
    expect(fallbackCause(before, before)).toBeNull();
    expect(fallbackCause(null, before)).toBeNull();
  });
});
