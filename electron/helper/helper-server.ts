// The privileged helper's loop: requests come in on one stream as lines, each is checked
// (framing, shape, then the Host's own argument validation) and answered on the other, and
// every Host push goes out as a line too. It ends when the input ends — the app closed the pipe
// or died — so the helper never outlives the app that started it.
import type { Readable, Writable } from 'node:stream';
import type { RequestName, StreamPushMessage, StreamResultMessage } from '../contract.js';
import type { Host } from '../host/host.js';
import { badRequest } from '../validation.js';
import { LineSplitter } from './line-splitter.js';
import { parseInvoke } from '../stream-protocol.js';
import { MAX_REQUEST_LINE_BYTES, encodeLine, overflowAnswer } from './wire.js';

/** Options of {@link serveHelper}. */
export interface HelperServerOptions {
  readonly host: Host;
  /** Where requests arrive (the helper's stdin). */
  readonly input: Readable;
  /** Where answers and pushes go (the helper's stdout). */
  readonly output: Writable;
  /** Requests running at once before further ones are refused (default 32). */
  readonly maxInFlight?: number;
  /** Ticks are skipped while more than this many bytes wait to be written (default 8 MiB). */
  readonly maxBufferedBytes?: number;
  /** Told about things worth a line on stderr (skipped ticks). */
  readonly log?: (line: string) => void;
}

/** Serves until `input` ends, then waits for the requests in flight; never rejects. */
export async function serveHelper(options: HelperServerOptions): Promise<void> {
  const { host, input, output } = options;
  const maxInFlight = options.maxInFlight ?? 32;
  const maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const splitter = new LineSplitter(MAX_REQUEST_LINE_BYTES);
  const running = new Set<Promise<void>>();
  let skippedTicks = 0;

  const write = (message: StreamResultMessage | StreamPushMessage) => {
    if (!output.writable) return;
    output.write(encodeLine(message));
  };

  const unsubscribe = host.subscribe((push) => {
    // A tick carries the whole state, so one the app cannot take now is simply skipped;
    // recording, playback and progress pushes are few and always sent. (Node writes to a pipe
    // on stdout synchronously on Linux: there a helper whose app stops reading just waits.)
    if (push.name === 'onTick' && output.writableLength > maxBuffered) {
      if (skippedTicks++ === 0) options.log?.('the app is not reading; skipping ticks');
      return;
    }
    skippedTicks = 0;
    write({ type: 'push', ...push });
  });

  const handle = (text: string) => {
    if (text.trim() === '') return;
    const parsed = parseInvoke(text);
    if (!parsed.ok) {
      write(parsed.answer);
      return;
    }
    const { id, name, args } = parsed.message;
    if (running.size >= maxInFlight) {
      write({
        type: 'result',
        id,
        result: badRequest(`more than ${maxInFlight} requests at once; wait for answers`),
      });
      return;
    }
    // Host.invoke validates the name and arguments and answers errors as data. The helper's
    // only client is the desktop app, so its changes come from the desktop.
    const task = host.invoke(name as RequestName, args, 'desktop').then(
      (result) => {
        write({ type: 'result', id, result });
      },
      (err: unknown) => {
        write({
          type: 'result',
          id,
          result: { ok: false, error: { code: 'internal', message: String(err) } },
        });
      },
    );
    running.add(task);
    void task.finally(() => running.delete(task));
  };

  const take = (items: ReturnType<LineSplitter['push']>) => {
    for (const item of items) {
      if (item.kind === 'line') handle(item.text);
      else write(overflowAnswer(item.bytes));
    }
  };

  await new Promise<void>((resolve) => {
    input.on('data', (chunk: Buffer | string) => {
      take(splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    });
    input.once('end', resolve);
    input.once('close', resolve);
    input.once('error', () => {
      resolve();
    });
  });
  take(splitter.end());
  await Promise.all([...running]);
  unsubscribe();
}
