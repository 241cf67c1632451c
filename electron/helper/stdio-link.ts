// A MessageLink over a child process's stdin/stdout (one JSON message per line), with how the
// child ended: exit code, signal and the tail of its stderr, which the launcher turns into a
// sentence (pkexec refused, helper crashed, …). Closing the link closes the child's stdin; the
// helper exits on its own then (as root, it cannot be signalled by the app anyway).
import { spawn } from 'node:child_process';
import type { LinkEvents, MessageLink } from './remote-host.js';
import { LineSplitter } from './line-splitter.js';
import { MAX_ANSWER_LINE_BYTES } from './wire.js';

/** How a child process ended. */
export interface ChildEnd {
  /** Exit code, or null when a signal ended it or it never started. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The last lines it wrote to stderr (at most ~4 KB). */
  readonly stderr: string;
  /** Set when the program could not be started at all (e.g. ENOENT). */
  readonly spawnError?: NodeJS.ErrnoException;
  /** Whether the app closed the link itself. */
  readonly closedByUs: boolean;
}

const STDERR_TAIL = 4096;

/** Options of {@link stdioLink}. */
export interface StdioLinkOptions {
  readonly file: string;
  readonly args: readonly string[];
  /** Turns how the child ended into the reason the RemoteHost reports. */
  readonly describeEnd: (end: ChildEnd) => string;
  /** Told once the child has ended. */
  readonly onEnd?: (end: ChildEnd) => void;
  /** Told about lines too long to read (they are skipped). */
  readonly log?: (line: string) => void;
}

/** Spawns the child and links to it. */
export function stdioLink(options: StdioLinkOptions): (events: LinkEvents) => MessageLink {
  const { file, args, describeEnd, onEnd } = options;
  return (events) => {
    const child = spawn(file, [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const splitter = new LineSplitter(MAX_ANSWER_LINE_BYTES);
    let stderr = '';
    let closedByUs = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    let ended = false;

    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (ended) return;
      ended = true;
      const end: ChildEnd = {
        code,
        signal,
        stderr,
        closedByUs,
        ...(spawnError ? { spawnError } : {}),
      };
      onEnd?.(end);
      events.onClose(closedByUs && code === 0 ? null : describeEnd(end));
    };

    child.stdout.on('data', (chunk: Buffer) => {
      for (const item of splitter.push(chunk)) {
        if (item.kind === 'line') {
          if (item.text.trim() !== '') events.onMessage(item.text);
        } else {
          options.log?.(`${file} wrote a line of ${item.bytes} bytes; it was skipped`);
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    child.stdin.on('error', () => undefined);
    child.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = err;
      if (child.pid === undefined) finish(null, null);
    });
    child.on('close', (code, signal) => {
      finish(code, signal);
    });

    return {
      send(text) {
        if (ended || !child.stdin.writable) throw new Error('the process has ended');
        child.stdin.write(`${text}\n`);
      },
      close() {
        closedByUs = true;
        child.stdin.end();
      },
    };
  };
}
