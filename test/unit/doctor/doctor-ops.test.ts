// The doctor's procfs edges on a fake /proc tree: which path-manager programs run and whether
// in the same namespace, the sysctl allow-list, and a sysctl write read back.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listManagerProcesses,
  sysctlWriteProblem,
  writeSysctl,
} from '../../../native/kernel/doctor-ops.js';

let root = '';

function proc(pid: string, comm: string, netns?: string): void {
  mkdirSync(join(root, pid, 'ns'), { recursive: true });
  writeFileSync(join(root, pid, 'comm'), `${comm}\n`);
  if (netns !== undefined) symlinkSync(netns, join(root, pid, 'ns', 'net'));
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'subflow-doctor-proc-'));
  mkdirSync(join(root, 'thread-self', 'ns'), { recursive: true });
  symlinkSync('net:[4026531840]', join(root, 'thread-self', 'ns', 'net'));
  proc('123', 'mptcpd', 'net:[4026531840]');
  proc('456', 'NetworkManager', 'net:[4026532999]');
  proc('789', 'bash', 'net:[4026531840]');
  proc('999', 'mptcpd');
  mkdirSync(join(root, 'sys', 'net', 'mptcp'), { recursive: true });
  writeFileSync(join(root, 'sys', 'net', 'mptcp', 'enabled'), '0\n');
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('listManagerProcesses', () => {
  it('finds mptcpd and NetworkManager by comm and compares their namespace with ours', () => {
    expect(listManagerProcesses(root)).toEqual([
      { name: 'mptcpd', pid: 123, sameNetns: true },
      { name: 'NetworkManager', pid: 456, sameNetns: false },
      { name: 'mptcpd', pid: 999, sameNetns: null },
    ]);
  });
});

describe('sysctl writes', () => {
  it('allow only the settings the doctor fixes', () => {
    const ok = (path: string[], value = '1') => sysctlWriteProblem({ path, value });
    expect(ok(['net', 'mptcp', 'enabled'])).toBeNull();
    expect(ok(['net', 'mptcp', 'path_manager'], 'kernel')).toBeNull();
    expect(ok(['net', 'ipv4', 'conf', 'eth0.100', 'rp_filter'], '2')).toBeNull();
    expect(ok(['net', 'ipv4', 'conf', 'all', 'rp_filter'], '2')).toBeNull();
    expect(ok(['net', 'ipv4', 'ip_forward'])).toMatch(/not a setting the doctor changes/);
    expect(ok(['net', 'ipv4', 'conf', '..', 'rp_filter'])).not.toBeNull();
    expect(ok(['net', 'ipv4', 'conf', 'a/b', 'rp_filter'])).not.toBeNull();
    expect(ok(['kernel', 'mptcp', 'enabled'])).toMatch(/only net/);
    expect(ok(['net', 'mptcp', 'enabled'], '1; reboot')).toMatch(/plain word/);
  });

  it('write through <proc>/sys and return the value read back', () => {
    expect(writeSysctl({ path: ['net', 'mptcp', 'enabled'], value: '1' }, root)).toBe('1');
    expect(readFileSync(join(root, 'sys', 'net', 'mptcp', 'enabled'), 'utf8')).toBe('1\n');
    expect(() => writeSysctl({ path: ['net', 'ipv4', 'ip_forward'], value: '1' }, root)).toThrow(
      /cannot write net.ipv4.ip_forward/,
    );
  });
});
