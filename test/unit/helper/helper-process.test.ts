// The helper protocol across a real process boundary: a child running serveHelper on its
// stdin/stdout (over a stub Host), spoken to line by line as the app does.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../electron/helper/line-splitter.js';
import { MAX_REQUEST_LINE_BYTES } from '../../../electron/helper/wire.js';

const STUB = fileURLToPath(new URL('./support/stub-helper.ts', import.meta.url));

interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  readonly messages: Record<string, unknown>[];
  stderr: string;
  readonly exited: Promise<number | null>;
}

let running: Running | null = null;
afterEach(() => {
  running?.child.kill();
  running = null;
});

function start(): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', STUB, '--stdio'], { stdio: 'pipe' });
  const splitter = new LineSplitter(1 << 22);
  const r: Running = {
    child,
    messages: [],
    stderr: '',
    exited: new Promise((resolve) => {
      child.on('exit', (code) => {
        resolve(code);
      });
    }),
  };
  child.stdout.on('data', (chunk: Buffer) => {
    for (const item of splitter.push(chunk)) {
      if (item.kind === 'line') r.messages.push(JSON.parse(item.text) as Record<string, unknown>);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (r.stderr += chunk.toString()));
  running = r;
  return r;
}

async function answer(r: Running, id: unknown): Promise<Record<string, unknown>> {
  for (let i = 0; i < 500; i++) {
    const found = r.messages.find((m) => m.type === 'result' && m.id === id);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no answer to ${String(id)}; stderr: ${r.stderr}`);
}

describe('the helper over stdio', () => {
  it('answers requests, refuses bad ones, pushes ticks and exits when stdin closes', async () => {
    const r = start();
    const send = (line: string) => r.child.stdin.write(`${line}\n`);

    send('{"type":"invoke","id":1,"name":"snapshot:get","args":{}}');
    expect(await answer(r, 1)).toMatchObject({
      result: { ok: true, value: { hostname: '--stdio' } },
    });

    send(
      '{"type":"invoke","id":2,"name":"multipath:set","args":{"interface":"../../etc","mode":"on"}}',
    );
    expect(await answer(r, 2)).toMatchObject({
      result: { ok: false, error: { code: 'bad-request' } },
    });

    send('{"type":"invoke","id":3,"name":"system:reboot","args":{}}');
    const unknown = await answer(r, 3);
    expect(JSON.stringify(unknown)).toContain('unknown request');

    send(
      `{"type":"invoke","id":4,"name":"snapshot:get","args":"${'x'.repeat(MAX_REQUEST_LINE_BYTES + 1)}"}`,
    );
    send('{"type":"invoke","id":5,"name":"snapshot:get","args":{}}');
    await answer(r, 5);
    const overflow = r.messages.find((m) => m.type === 'result' && m.id === null);
    expect(overflow).toMatchObject({ result: { ok: false, error: { code: 'bad-request' } } });
    expect(r.messages.some((m) => m.id === 4)).toBe(false);

    send('this is not json');
    send('{"type":"invoke","id":6,"name":"snapshot:get","args":{}}');
    await answer(r, 6);
    expect(r.messages.filter((m) => m.type === 'result' && m.id === null)).toHaveLength(2);

    for (let i = 0; i < 100 && !r.messages.some((m) => m.type === 'push'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(r.messages.find((m) => m.type === 'push')).toMatchObject({
      name: 'onTick',
      payload: { snapshot: { hostname: 'lab' } },
    });

    r.child.stdin.end();
    expect(await r.exited).toBe(0);
    expect(r.stderr).toContain('stdin closed');
  });
});
