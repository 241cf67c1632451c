// `subflow serve` as a child process against a client that floods `history:get` and never
// reads, when no tick comes to drop it: the live monitor paused, and a replay that is not
// playing. The server must drop the client with a logged reason and its memory must stay
// bounded (it grew from 100 MB to 2 GB in 45 s before the back-pressure rule covered answers).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { encodeHeaderLine, encodeTickLine } from '../../electron/session/journal/journal-format.js';
import { nonReadingClient } from '../support/raw-ws.js';
import { header, ticksOf } from '../unit/session/snapshots.js';
import { NODE_TSX, REPO_ROOT } from './support/as-nobody.js';

const TOKEN = 'serve-flood-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'sfi16-flood-'));
let child: ChildProcess | null = null;

afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Served {
  readonly port: number;
  readonly pid: number;
  readonly stderr: () => string;
}

/** Starts `subflow serve ARGS` and resolves with its port once it prints its URL. */
function serve(args: string[]): Promise<Served> {
  const proc = spawn(
    NODE_TSX[0]!,
    [...NODE_TSX.slice(1), 'electron/cli.ts', 'serve', '--port', '0', '--token', TOKEN, ...args],
    { cwd: REPO_ROOT, env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.json' } },
  );
  child = proc;
  let out = '';
  let err = '';
  proc.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  return new Promise((resolve, reject) => {
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const port = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1];
      if (port !== undefined && proc.pid !== undefined)
        resolve({ port: Number(port), pid: proc.pid, stderr: () => err });
    });
    proc.once('exit', (code) => {
      reject(new Error(`serve exited (${code ?? '?'}): ${err}`));
    });
  });
}

/** Resident set size of `pid`, bytes. */
const rss = (pid: number): number =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/** One request over an ordinary (reading) WebSocket client. */
async function invoke(port: number, name: string, args: unknown): Promise<unknown> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/stream`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const answer = new Promise<unknown>((resolve) => {
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString('utf8')) as { type: string; id?: number };
      if (m.type === 'result' && m.id === 1) resolve(m);
    });
  });
  ws.send(JSON.stringify({ type: 'invoke', id: 1, name, args }));
  const result = await answer;
  ws.close();
  return result;
}

/**
 * Floods history:get (20 every 10 ms, as in the report) from a client that never reads, until
 * the server logs the drop or 40 s pass; returns the RSS growth and what was logged.
 */
async function flood(served: Served): Promise<{ growthMb: number; dropped: string | null }> {
  const before = rss(served.pid);
  let peak = before;
  const client = await nonReadingClient(served.port, TOKEN);
  const request = JSON.stringify({
    type: 'invoke',
    id: 1,
    name: 'history:get',
    args: { seconds: 3600 },
  });
  const timer = setInterval(() => {
    for (let i = 0; i < 20; i++) client.sendText(request);
    peak = Math.max(peak, rss(served.pid));
  }, 10);
  const dropLine = () => /dropped WebSocket client [^\n]*/.exec(served.stderr())?.[0] ?? null;
  for (const end = Date.now() + 40_000; Date.now() < end && dropLine() === null;)
    await new Promise((r) => setTimeout(r, 100));
  clearInterval(timer);
  client.destroy();
  return { growthMb: (peak - before) / 1e6, dropped: dropLine() };
}

describe('subflow serve drops a non-reading client without ticks, memory bounded', () => {
  it('with the live monitor paused', async () => {
    const served = await serve(['--interval', '200']);
    // A few seconds of history first, so each answer carries something.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await invoke(served.port, 'monitor:configure', { paused: true })).toMatchObject({
      result: { ok: true, value: { paused: true } },
    });
    const { growthMb, dropped } = await flood(served);
    console.log(`paused: RSS grew ${growthMb.toFixed(1)} MB; ${dropped ?? 'not dropped'}`);
    expect(dropped).toMatch(/too slow to keep up; reconnect/);
    expect(growthMb).toBeLessThan(300);
  }, 90_000);

  it('in a replay that is not playing', async () => {
    const journal = join(dir, 'replay.sfj');
    const rows = Array.from({ length: 600 }, (_, i) => [
      { token: 'a1b2c3d4', red: 1000 + i, blue: 500 },
      { token: 'c0ffee00', red: 20, blue: 3 * i },
    ]);
    const ticks = ticksOf(rows, 1000);
    let text = encodeHeaderLine(header());
    ticks.forEach((t, i) => (text += encodeTickLine(t, ticks[i - 1]?.snapshot, i % 60 === 0)));
    writeFileSync(journal, text);
    const served = await serve(['--replay', journal]);
    const { growthMb, dropped } = await flood(served);
    console.log(`replay: RSS grew ${growthMb.toFixed(1)} MB; ${dropped ?? 'not dropped'}`);
    expect(dropped).toMatch(/too slow to keep up; reconnect/);
    expect(growthMb).toBeLessThan(300);
  }, 90_000);
});
