// `subflow run` in a lab (namespaces sfirNNN-*): iperf3 started through it against an MPTCP
// iperf3 server is reported as MPTCP with 2 subflows; against a plain-TCP server as fallen back
// to TCP, with the reason the kernel's counters give.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import {
  LAB_SERVER_ADDRESS,
  labDown,
  labNamespaces,
  listNamespaces,
  resolveLabConfig,
} from '../../native/lab/index.js';
import { endChild, spawnInNamespace } from '../../native/lab/lab-processes.js';
import { NODE_TSX, runChild } from './support/as-nobody.js';
import { labUpFresh, waitForListener } from './support/lab-extras.js';

const prefix = `sfir${process.pid % 1000}`;
const lab = labNamespaces(prefix);
const children: ChildProcess[] = [];

async function iperfServer(port: number, mptcp: boolean): Promise<void> {
  const child = await spawnInNamespace(lab.server, ['iperf3', '-s', '-1', '-p', String(port)], {
    mptcp,
    runDir: resolveLabConfig({ prefix }).runDir,
    role: `run-iperf-server-${port}`,
  });
  children.push(child);
  await waitForListener(lab.server, port);
}

const subflowRun = (port: number) =>
  runChild(
    [
      ...NODE_TSX,
      'electron/cli.ts',
      'run',
      '--netns',
      lab.client,
      '--',
      'iperf3',
      '-c',
      LAB_SERVER_ADDRESS,
      '-p',
      String(port),
      '-t',
      '3',
      '-b',
      '5M',
    ],
    { timeoutMs: 60_000 },
  );

beforeAll(async () => {
  await labUpFresh({ prefix });
}, 60_000);

afterAll(async () => {
  await Promise.all(children.map((c) => endChild(c)));
  await labDown({ prefix });
  expect((await listNamespaces()).filter((n) => n.startsWith(`${prefix}-`))).toEqual([]);
}, 60_000);

describe('subflow run', () => {
  it('says an iperf3 against an MPTCP server is MPTCP with 2 subflows', async () => {
    await iperfServer(5201, true);
    const r = await subflowRun(5201);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('iperf Done');
    expect(r.stderr).toMatch(
      /subflow run: started \/usr\/bin\/iperf3 \(pid \d+\) with \S+libmptcpwrap\S+ preloaded/,
    );
    expect(r.stderr).toMatch(
      new RegExp(
        `198\\.51\\.100\\.1:\\d+ → ${LAB_SERVER_ADDRESS.replaceAll('.', '\\.')}:5201: MPTCP, 2 subflows`,
      ),
    );
    expect(r.stderr).toMatch(
      /exited with 0; 2 connections: 2 MPTCP \(up to 2 subflows\), 0 fell back to TCP, 0 plain TCP/,
    );
  }, 60_000);

  it('says an iperf3 against a plain-TCP server fell back to TCP, and why', async () => {
    await iperfServer(5202, false);
    const r = await subflowRun(5202);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      ':5202: fell back to TCP: the peer did not answer MP_CAPABLE: it does not speak MPTCP',
    );
    expect(r.stderr).toMatch(/MPTcpExt MPCapableFallbackSYNACK rose by \d+/);
    expect(r.stderr).toMatch(/2 connections: 0 MPTCP, 2 fell back to TCP, 0 plain TCP/);
  }, 60_000);
});
