// The sample delta between the kernel thread and the main thread: over recorded samples, a delta
// applied to the previous sample gives exactly the sample a full transfer gives, and a delta
// against a sample the receiver does not hold is refused, never applied.
import { describe, expect, it } from 'vitest';
import type { RawSample } from '../../../native/kernel/sample.js';
import { SampleDecoder, SampleEncoder } from '../../../native/kernel/sample-delta.js';
import type { WireSample } from '../../../native/kernel/sample-delta.js';
import { loadSample, MONITOR_FIXTURES } from '../../fixtures/monitor/load.js';

/** What postMessage does to a value between threads. */
const overThread = (w: WireSample): WireSample => structuredClone(w);

/**
 * The recorded samples in order, each reusing the previous sample's socket objects where a
 * socket is the same (same cookie and same content), as the kernel thread's sampler does.
 */
function recordedRun(): RawSample[] {
  const out: RawSample[] = [];
  let last: RawSample | null = null;
  for (const name of [...MONITOR_FIXTURES, ...MONITOR_FIXTURES]) {
    const s = loadSample(name);
    const reuse = <T extends { cookie: string }>(list: T[], before: T[] | undefined): T[] =>
      list.map((x) => {
        const same = before?.find((b) => b.cookie === x.cookie);
        return same && JSON.stringify(same) === JSON.stringify(x) ? same : x;
      });
    const sample: RawSample = {
      ...s,
      mptcpSockets: reuse(s.mptcpSockets, last?.mptcpSockets),
      subflows: reuse(s.subflows, last?.subflows),
    };
    out.push(sample);
    last = sample;
  }
  return out;
}

describe('sample delta', () => {
  it('rebuilds every recorded sample exactly, tick after tick', () => {
    const encoder = new SampleEncoder();
    const decoder = new SampleDecoder();
    let deltas = 0;
    for (const sample of recordedRun()) {
      const wire = overThread(encoder.encode(sample, decoder.base));
      if (wire.base !== null) deltas++;
      expect(decoder.decode(wire)).toEqual(structuredClone(sample));
    }
    expect(deltas).toBeGreaterThan(5);
  });

  it('sends only the sockets that are not the last sample’s objects', () => {
    const encoder = new SampleEncoder();
    const decoder = new SampleDecoder();
    const first = recordedRun().find((s) => s.subflows.length > 1);
    if (!first) throw new Error('no fixture with subflows');
    decoder.decode(overThread(encoder.encode(first, null)));
    const moved = first.subflows[0];
    if (!moved) throw new Error('fixture without subflows');
    const next: RawSample = {
      ...first,
      subflows: [{ ...moved, tcp: { ...moved.tcp, bytesAcked: 123 } }, ...first.subflows.slice(1)],
    };
    const wire = overThread(encoder.encode(next, decoder.base));
    expect(wire.mptcpSockets.fresh).toHaveLength(0);
    expect(wire.subflows.fresh).toHaveLength(1);
    expect(decoder.decode(wire)).toEqual(structuredClone(next));
  });

  it('sends a full sample when asked against one it did not send last', () => {
    const encoder = new SampleEncoder();
    const [a, b] = recordedRun();
    if (!a || !b) throw new Error('no fixture');
    encoder.encode(a, null);
    const wire = encoder.encode(b, 999);
    expect(wire.base).toBeNull();
    expect(wire.subflows.fresh).toHaveLength(b.subflows.length);
  });

  it('refuses a delta against a sample it does not hold, and asks for a full one next', () => {
    const encoder = new SampleEncoder();
    const decoder = new SampleDecoder();
    const [a, b, c] = recordedRun();
    if (!a || !b || !c) throw new Error('no fixture');
    decoder.decode(overThread(encoder.encode(a, null)));
    const lost = encoder.encode(b, decoder.base); // never delivered
    expect(lost.base).not.toBeNull();
    const wire = overThread(encoder.encode(c, lost.seq));
    expect(() => decoder.decode(wire)).toThrow(/sample delta/);
    expect(decoder.base).toBeNull();
    expect(decoder.decode(overThread(encoder.encode(c, decoder.base)))).toEqual(structuredClone(c));
  });
});
