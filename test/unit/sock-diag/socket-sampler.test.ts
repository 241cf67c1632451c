// The kernel thread's socket sampler on sockets captured from Linux 6.18: what it returns is
// always what a full decode gives (also after any one byte of a socket changed since the last
// tick), and a socket whose bytes did not change is not decoded again.
import { describe, expect, it } from 'vitest';
import { sampledMptcpSocket, sampledSubflow } from '../../../native/kernel/sample.js';
import type { SampledMptcpSocket, SampledSubflow } from '../../../native/kernel/sample.js';
import { SocketSampler } from '../../../native/kernel/socket-sampler.js';
import {
  decodeMptcpSocket,
  decodeMptcpSubflow,
  decodeTcpSocket,
} from '../../../native/sock-diag/records.js';
import { payloads } from './load-fixtures.js';

const MPTCP_DUMPS = [
  'client-mptcp-v4',
  'client-mptcp-v6',
  'server-mptcp-v4',
  'server-mptcp-mapped',
];
const TCP_DUMPS = ['client-tcp-v4', 'client-tcp-v6', 'server-tcp-v4', 'server-tcp-mapped'];

const newSampler = (): SocketSampler<SampledMptcpSocket, SampledSubflow> =>
  new SocketSampler((r) => sampledMptcpSocket(r), sampledSubflow);

/** What a full decode makes of one TCP reply (as the sampler's tcpSocket reports it). */
function referenceTcp(p: Uint8Array): unknown {
  if (decodeMptcpSubflow(p) !== null) return { subflow: sampledSubflow(decodeTcpSocket(p)) };
  return p[1] === 1 ? { plain: decodeTcpSocket(p) } : null;
}

/** `f()`'s value, or the class of what it threw (the sampler may find a fault sooner). */
function outcome(f: () => unknown): unknown {
  try {
    return { value: f() };
  } catch (err) {
    return { threw: err instanceof Error ? err.constructor.name : String(err) };
  }
}

describe('socket sampler', () => {
  it('gives what a full decode gives, for every captured socket', () => {
    const s = newSampler();
    for (const dump of MPTCP_DUMPS) {
      for (const p of payloads(dump)) {
        expect(s.mptcpSocket(p)).toEqual(sampledMptcpSocket(decodeMptcpSocket(p)));
      }
    }
    let subflows = 0;
    for (const dump of TCP_DUMPS) {
      for (const p of payloads(dump)) {
        const got = s.tcpSocket(p);
        expect(got).toEqual(referenceTcp(p));
        if (got && 'subflow' in got) subflows++;
      }
    }
    expect(subflows).toBeGreaterThan(3);
  });

  it('does not decode a socket again when its bytes did not change, and reuses its object', () => {
    const s = newSampler();
    const mp = payloads('client-mptcp-v4');
    const tcp = payloads('client-tcp-v4');
    const first = [...mp.map((p) => s.mptcpSocket(p)), ...tcp.map((p) => s.tcpSocket(p))];
    s.endTick();
    const decodes = s.decodes;
    expect(decodes).toBeGreaterThan(0);
    const second = [...mp.map((p) => s.mptcpSocket(p)), ...tcp.map((p) => s.tcpSocket(p))];
    s.endTick();
    // No MPTCP socket or subflow decoded again (plain TCP sockets are not cached nor counted).
    expect(s.decodes - decodes).toBe(0);
    let reused = 0;
    first.forEach((v, i) => {
      const again = second[i];
      if (v && 'subflow' in v && again && 'subflow' in again) {
        expect(again.subflow).toBe(v.subflow);
        reused++;
      } else if (i < mp.length) {
        expect(again).toBe(v);
        reused++;
      }
    });
    expect(reused).toBeGreaterThan(mp.length);
  });

  it('decodes a socket again when a counter it keeps moved', () => {
    const s = newSampler();
    const [p] = payloads('client-mptcp-v4');
    if (!p) throw new Error('no fixture');
    const before = s.mptcpSocket(p);
    s.endTick();
    const moved = p.slice();
    // bytes_acked of struct mptcp_info: its lowest byte (INET_DIAG_INFO follows the head).
    const info = decodeMptcpSocket(p).info;
    expect(info?.bytesAcked).toBeGreaterThan(0);
    const n = s.decodes;
    let changed: SampledMptcpSocket | undefined;
    for (let at = 72; at < moved.length && changed === undefined; at++) {
      const trial = p.slice();
      trial[at] = (trial[at]! + 1) & 0xff;
      const d = outcome(() => decodeMptcpSocket(trial));
      if (!('value' in (d as object))) continue;
      if (
        (d as { value: ReturnType<typeof decodeMptcpSocket> }).value.info?.bytesAcked ===
        (info?.bytesAcked ?? 0) + 1
      ) {
        changed = s.mptcpSocket(trial);
      }
    }
    expect(changed?.info?.bytesAcked).toBe((info?.bytesAcked ?? 0) + 1);
    expect(changed).not.toBe(before);
    expect(s.decodes).toBe(n + 1);
  });

  it('after any one byte of a socket changed, still gives what a full decode gives', () => {
    const s = newSampler();
    const check = (
      p: Uint8Array,
      sample: (q: Uint8Array) => unknown,
      full: (q: Uint8Array) => unknown,
    ): void => {
      for (let at = 0; at < p.length; at++) {
        for (const bit of [0x01, 0x80]) {
          outcome(() => sample(p)); // last tick: the captured socket
          s.endTick();
          const q = p.slice();
          q[at] = q[at]! ^ bit;
          expect(
            outcome(() => sample(q)),
            `byte ${at} ^ ${bit}`,
          ).toEqual(outcome(() => full(q)));
          s.endTick();
        }
      }
    };
    for (const p of payloads('client-mptcp-v4')) {
      check(
        p,
        (q) => s.mptcpSocket(q),
        (q) => sampledMptcpSocket(decodeMptcpSocket(q)),
      );
    }
    for (const p of payloads('client-tcp-v4').filter((q) => decodeMptcpSubflow(q) !== null)) {
      check(p, (q) => s.tcpSocket(q), referenceTcp);
    }
  });
});
