// One WebSocket client of the stream hub and the single rule for every byte it is sent: nothing
// is sent while more than the bound is waiting unsent. A push that finds the client over the
// bound drops it; an answer waits (before it is computed and before it is sent) for the client to
// read, and drops it if it does not within ANSWER_WAIT_MS. So a client that stops reading is cut
// off by its own requests too, with or without ticks, and what it costs is bounded: the bound
// plus at most maxInFlight answers (the hub stops reading a client with more waiting). The heartbeat counts only pongs that echo our last ping's
// random payload, so unsolicited pongs keep nothing alive.
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import type { RawData } from 'ws';
import type { ServerLogger } from '../http/logger.js';
import { createViewerTicks } from '../http/viewer-ticks.js';

/** Why a client was dropped: the close code it gets and the reason logged and sent. */
interface DropReason {
  readonly code: number;
  readonly reason: string;
}

const TOO_SLOW: DropReason = { code: 1013, reason: 'too slow to keep up; reconnect' };
const NO_PONG: DropReason = { code: 1001, reason: 'no answer to the heartbeat ping' };

/** How long an answer may wait for the client to read what is queued before it is dropped. */
const ANSWER_WAIT_MS = 10_000;
const DRAIN_POLL_MS = 20;

/** How long a dropped client has to answer the close handshake before its socket is cut. */
const CLOSE_GRACE_MS = 5_000;

/** A connected client: its socket, its requests in flight and its heartbeat. */
export class StreamClient {
  /** Messages of this client being handled now. */
  inFlight = 0;
  /** Which ticks this client is sent (all, or a slow one while its page is hidden). */
  readonly ticks = createViewerTicks();
  /** Messages received but not yet handled (bounded: the socket is paused while any wait). */
  readonly waiting: { data: RawData; binary: boolean }[] = [];
  private dropped = false;
  /** Payload of the ping awaiting its pong; null when none is outstanding. */
  private awaitedPong: Buffer | null = null;

  constructor(
    readonly ws: WebSocket,
    /** Bytes that may wait unsent before the client is dropped. */
    private readonly maxBuffered: number,
    private readonly logger: ServerLogger,
    /** The remote address, for the log. */
    private readonly peer: string,
    private readonly onDrop: (client: StreamClient) => void,
  ) {
    ws.on('pong', (data: Buffer) => {
      if (this.awaitedPong !== null && data.equals(this.awaitedPong)) this.awaitedPong = null;
    });
  }

  /** Whether messages may still be sent (open and not dropped). */
  get open(): boolean {
    return !this.dropped && this.ws.readyState === WebSocket.OPEN;
  }

  /**
   * Sends `text` unless too much is already waiting for this client, in which case the client
   * is dropped (1013). Returns whether it was sent.
   */
  send(text: string): boolean {
    if (!this.open) return false;
    if (this.ws.bufferedAmount > this.maxBuffered) {
      this.drop(TOO_SLOW, `more than ${this.maxBuffered} bytes waiting unread`);
      return false;
    }
    this.ws.send(text);
    return true;
  }

  /**
   * Resolves true once at most the bound is waiting unsent (at once when it already is), or
   * drops the client and resolves false when it stays above for `ANSWER_WAIT_MS`. Answers wait
   * here before they are computed and again before they are sent: a client gets what it asked
   * for at the pace it reads, and a client that does not read is cut off.
   */
  async drained(): Promise<boolean> {
    for (const end = Date.now() + ANSWER_WAIT_MS; ;) {
      if (!this.open) return false;
      if (this.ws.bufferedAmount <= this.maxBuffered) return true;
      if (Date.now() >= end) {
        this.drop(TOO_SLOW, `more than ${this.maxBuffered} bytes unread for ${ANSWER_WAIT_MS} ms`);
        return false;
      }
      // ws exposes no drain event of its own; the socket's is private. A short poll is cheap
      // next to the few answers (at most maxInFlight) that can wait at once.
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
  }

  /**
   * Sends an answer once the client has read enough of what it was sent before. Answers that
   * wake together may each go out (at most maxInFlight over the bound): they were waited for.
   */
  async answer(text: string): Promise<void> {
    if (await this.drained()) this.ws.send(text);
  }

  /**
   * One heartbeat beat: drops the client if the previous ping went unanswered, otherwise sends
   * a ping with a fresh random payload.
   */
  beat(): void {
    if (this.dropped) return;
    if (this.awaitedPong !== null) {
      this.drop(NO_PONG, 'no pong to the previous ping');
      return;
    }
    this.awaitedPong = randomBytes(8);
    this.ws.ping(this.awaitedPong);
  }

  /** Closes with `why` (and terminates after a grace period), logging the reason once. */
  drop(why: DropReason, detail: string): void {
    if (this.dropped) return;
    this.dropped = true;
    this.onDrop(this);
    this.logger.warn(`dropped WebSocket client ${this.peer}: ${why.reason} (${detail})`);
    this.ws.close(why.code, why.reason);
    // A client that does not read cannot take the close frame either: cut it off.
    setTimeout(() => {
      this.ws.terminate();
    }, CLOSE_GRACE_MS).unref();
  }
}
