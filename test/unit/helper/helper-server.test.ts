// The helper's loop and the app's RemoteHost, in one process: a RemoteHost linked to serveHelper
// through two pipes speaks exactly what the real helper process speaks over stdio.
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamResultMessage } from '../../../electron/contract.js';
import type { HostPush } from '../../../electron/host/host.js';
import { serveHelper } from '../../../electron/helper/helper-server.js';
import { createRemoteHost } from '../../../electron/helper/remote-host.js';
import type { RemoteHost } from '../../../electron/helper/remote-host.js';
import { LineSplitter } from '../../../electron/helper/line-splitter.js';
import { MAX_REQUEST_LINE_BYTES } from '../../../electron/helper/wire.js';
import { SNAPSHOT, stubHost } from './support/stub-host.js';

interface Wired {
  readonly input: PassThrough;
  readonly output: PassThrough;
  readonly served: Promise<void>;
  readonly stub: ReturnType<typeof stubHost>;
  /** Lines the helper wrote, parsed. */
  readonly lines: unknown[];
}

function wire(maxBufferedBytes?: number): Wired {
  const input = new PassThrough();
  const output = new PassThrough();
  const stub = stubHost();
  const lines: unknown[] = [];
  const splitter = new LineSplitter(1 << 20);
  output.on('data', (chunk: Buffer) => {
    for (const item of splitter.push(chunk))
      if (item.kind === 'line') lines.push(JSON.parse(item.text));
  });
  const served = serveHelper({
    host: stub.host,
    input,
    output,
    ...(maxBufferedBytes !== undefined ? { maxBufferedBytes } : {}),
  });
  return { input, output, served, stub, lines };
}

const results = (lines: unknown[]) =>
  lines.filter((l): l is StreamResultMessage => (l as { type: string }).type === 'result');

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('serveHelper over raw lines', () => {
  it('answers each request by id, validating names and arguments in the Host', async () => {
    const w = wire();
    w.input.write('{"type":"invoke","id":1,"name":"snapshot:get","args":{}}\n');
    w.input.write(
      '{"type":"invoke","id":"b","name":"multipath:set","args":{"interface":"eth0/rm","mode":"on"}}\n',
    );
    w.input.write('{"type":"invoke","id":3,"name":"shell:run","args":{}}\n');
    w.input.write('{"type":"invoke","id":4,"name":"record:start","args":{}}\n');
    w.input.write('{"type":"invoke","id":5,"name":"doctor:run","args":{}}\n');
    await until(() => results(w.lines).length === 5);
    const byId = new Map(results(w.lines).map((r) => [r.id, r.result]));
    expect(byId.get(1)).toEqual({ ok: true, value: SNAPSHOT });
    expect(byId.get('b')).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(JSON.stringify(byId.get('b'))).toContain('interface');
    expect(byId.get(3)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(JSON.stringify(byId.get(3))).toContain('unknown request');
    expect(byId.get(4)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(byId.get(5)).toEqual({
      ok: false,
      error: { code: 'permission', message: 'no rights here' },
    });
    // Refused requests never reached a handler.
    expect(w.stub.served).toEqual(['snapshot:get', 'doctor:run']);
    w.input.end();
    await w.served;
  });

  it('skips an over-long line with one answer and keeps serving', async () => {
    const w = wire();
    w.input.write(
      `{"type":"invoke","id":1,"name":"snapshot:get","args":{"x":"${'a'.repeat(MAX_REQUEST_LINE_BYTES)}"}}\n`,
    );
    w.input.write('{"type":"invoke","id":2,"name":"snapshot:get","args":{}}\n');
    await until(() => results(w.lines).length === 2);
    const [first, second] = results(w.lines);
    expect(first).toMatchObject({
      id: null,
      result: { ok: false, error: { code: 'bad-request' } },
    });
    expect(second).toMatchObject({ id: 2, result: { ok: true } });
    expect(w.stub.served).toEqual(['snapshot:get']);
    w.input.end();
    await w.served;
  });

  it('relays pushes as lines and skips ticks while the app does not read', async () => {
    const w = wire(10);
    w.stub.bus.emit({ name: 'onTick', payload: { snapshot: SNAPSHOT, events: [] } });
    w.stub.bus.emit({ name: 'onRecording', payload: { active: false, session: null } });
    await until(() => w.lines.length === 2);
    expect(w.lines[0]).toMatchObject({ type: 'push', name: 'onTick' });
    expect(w.lines[1]).toEqual({
      type: 'push',
      name: 'onRecording',
      payload: { active: false, session: null },
    });

    // The app stops reading: ticks beyond the buffer bound are skipped, other pushes still queue.
    const input = new PassThrough();
    const received: string[] = [];
    const held: (() => void)[] = [];
    let stuck = true;
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        received.push(chunk.toString());
        if (stuck) held.push(done);
        else done();
      },
    });
    const stub = stubHost();
    const served = serveHelper({ host: stub.host, input, output, maxBufferedBytes: 10 });
    for (let i = 0; i < 5; i++) {
      stub.bus.emit({ name: 'onTick', payload: { snapshot: SNAPSHOT, events: [] } });
    }
    stub.bus.emit({ name: 'onProgress', payload: { task: 't', done: 1, total: 2 } });
    stuck = false;
    for (const done of held) done();
    await until(() => received.some((l) => l.includes('onProgress')));
    expect(received.filter((l) => l.includes('"onTick"'))).toHaveLength(1);
    input.end();
    await served;
    w.input.end();
    await w.served;
  });

  it('ends when its input ends, after the requests in flight are answered', async () => {
    const w = wire();
    w.input.write('{"type":"invoke","id":9,"name":"events:list","args":{}}\n');
    w.input.end();
    await w.served;
    expect(results(w.lines)).toEqual([{ type: 'result', id: 9, result: { ok: true, value: [] } }]);
    // Pushes after the end are not written.
    w.stub.bus.emit({ name: 'onTick', payload: { snapshot: SNAPSHOT, events: [] } });
    expect(w.stub.bus.listenerCount).toBe(0);
  });
});

describe('RemoteHost linked to serveHelper', () => {
  let remote: RemoteHost | null = null;
  afterEach(() => {
    remote?.close();
    remote = null;
  });

  function linked() {
    const toHelper = new PassThrough();
    const fromHelper = new PassThrough();
    const stub = stubHost();
    const served = serveHelper({ host: stub.host, input: toHelper, output: fromHelper });
    const splitter = new LineSplitter(1 << 20);
    const host = createRemoteHost(
      (events) => {
        fromHelper.on('data', (chunk: Buffer) => {
          for (const item of splitter.push(chunk))
            if (item.kind === 'line') events.onMessage(item.text);
        });
        void served.then(() => {
          events.onClose(null);
        });
        return {
          send: (text) => toHelper.write(`${text}\n`),
          close: () => toHelper.end(),
        };
      },
      { peer: 'the test helper' },
    );
    remote = host;
    return { host, stub, served };
  }

  it('is a Host: requests resolve with the answers and pushes reach subscribers', async () => {
    const { host, stub } = linked();
    const pushes: HostPush[] = [];
    host.subscribe((p) => pushes.push(p));
    const [snapshot, refused] = await Promise.all([
      host.invoke('snapshot:get', {}),
      host.invoke('multipath:set', { interface: 'eth0', mode: 'sideways' }),
    ]);
    expect(snapshot).toEqual({ ok: true, value: SNAPSHOT });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    stub.bus.emit({ name: 'onTick', payload: { snapshot: SNAPSHOT, events: [] } });
    await until(() => pushes.length === 1);
    expect(pushes[0]?.name).toBe('onTick');
  });

  it('answers waiting and later requests "unavailable" once the link closed', async () => {
    const { host, served } = linked();
    const pending = host.invoke('events:list', {});
    host.close();
    await served;
    expect(await host.closed).toBeNull();
    expect(host.isClosed).toBe(true);
    // events:list takes 50 ms in the stub; the helper answers it before it ends.
    expect(await pending).toEqual({ ok: true, value: [] });
    const late = await host.invoke('snapshot:get', {});
    expect(late).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(late.ok ? '' : late.error.message).toContain('the test helper');
  });
});
