// Receiving path-manager events in tests and captures while traffic runs in child processes:
// raw sockets pumped in turn (each blocks for at most its short timeout, and the loop yields to
// the event loop between receives so spawned processes and timers keep going), or the product's
// event thread collecting into an array.
import { setTimeout as sleep } from 'node:timers/promises';
import { PmEventStream } from '../../../native/kernel/event-stream.js';
import type { KernelFailure } from '../../../native/kernel/wire-error.js';
import { decodeEventMessages } from '../../../native/mptcp-pm/events.js';
import type { PmKernelEvent } from '../../../native/mptcp-pm/events.js';
import type { NetlinkSocket } from '../../../native/netlink/socket.js';

/** One event with the side it was seen on and the raw datagram it came in. */
export interface SeenEvent {
  readonly side: string;
  readonly event: PmKernelEvent;
  readonly datagram: Uint8Array;
  /** Milliseconds since the pump started. */
  readonly at: number;
}

export interface PumpOptions {
  /** Give up after this long (ms). */
  readonly deadlineMs: number;
  /** Stop as soon as this returns true (checked after every receive). */
  readonly until?: (seen: readonly SeenEvent[]) => boolean;
  /** Called between receives with the elapsed time (ms), e.g. to change endpoints mid-run. */
  readonly onTick?: (elapsedMs: number, seen: readonly SeenEvent[]) => void;
}

/**
 * Receives from every socket in turn (each opened with a short `timeoutMs`, e.g. 50) until
 * `until` holds or the deadline passes, and returns what came. Overflows are reported as errors:
 * the tests' event rates never fill a default receive buffer.
 */
export async function pumpEvents(
  sockets: Readonly<Record<string, NetlinkSocket>>,
  familyId: number,
  options: PumpOptions,
): Promise<SeenEvent[]> {
  const seen: SeenEvent[] = [];
  const start = Date.now();
  for (;;) {
    for (const [side, sock] of Object.entries(sockets)) {
      const r = sock.receive();
      if (r.kind === 'overflow') throw new Error(`event socket of ${side} overflowed`);
      if (r.kind === 'timeout') continue;
      for (const event of decodeEventMessages(r.messages, familyId)) {
        const datagram = r.messages[0]
          ? new Uint8Array(r.messages[0].payload.buffer)
          : new Uint8Array();
        seen.push({ side, event, datagram, at: Date.now() - start });
      }
    }
    const elapsed = Date.now() - start;
    if (options.until?.(seen) === true || elapsed > options.deadlineMs) return seen;
    options.onTick?.(elapsed, seen);
    await sleep(1);
  }
}

/** Path-manager events of one namespace, collected through the product's event thread. */
export interface CollectedPmEvents {
  /** Events received so far, oldest first. */
  readonly events: PmKernelEvent[];
  /** Errors that ended the stream after it started (e.g. the namespace was deleted). */
  readonly errors: KernelFailure[];
  /** Ends the subscription. */
  close(): Promise<void>;
}

/** Subscribes to the path-manager events of `netns` (PmEventStream) and collects them. */
export async function collectPmEvents(netns: string): Promise<CollectedPmEvents> {
  const events: PmKernelEvent[] = [];
  const errors: KernelFailure[] = [];
  const stream = await PmEventStream.open(
    { netns },
    {
      onEvents: (_time, batch) => events.push(...batch),
      onOverflow: () => undefined,
      onError: (error) => errors.push(error),
    },
  );
  return { events, errors, close: () => stream.close() };
}
