// RawSamples for the monitor benchmarks without a kernel: a synthetic host of N MPTCP
// connections × 2 subflows (lab addresses, counters that only grow, a share of connections
// replaced every tick by new ones with new tokens, cookies and ports), and a replay of one real
// sample with only its counters advancing. Time advances by the tick interval per sample without
// waiting. Kernel facts, interfaces and endpoints come from a sample captured on this kernel.
import type { RawSample, SampledMptcpSocket, SampledSubflow } from '../../native/kernel/sample.js';
import type { InterfaceWithAddresses } from '../../native/rtnl/interfaces.js';
import { loadSample } from '../fixtures/monitor/load.js';

/** A seeded PRNG (mulberry32): the same seed gives the same run. Values in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SERVER = { address: '198.51.100.2', port: 5201 };
const RED = { address: '198.51.100.1', ifindex: 3 };
const BLUE = { address: '203.0.113.1', ifindex: 5 };
const FIRST_EPHEMERAL = 32_768;
const EPHEMERAL_PORTS = 61_000 - FIRST_EPHEMERAL;
const INITIAL_FLAGS = ['mcap-remote', 'mcap-local', 'fully-established', 'connected'] as const;
const JOIN_FLAGS = ['join-remote', 'join-local', 'fully-established', 'connected'] as const;

/** Options of {@link SyntheticHost}. */
export interface SyntheticOptions {
  /** Live MPTCP connections (each with an initial red and a joined blue subflow). */
  readonly connections: number;
  /** Share of the connections closed and replaced by new ones each tick (0.01 = 1 %). */
  readonly churn: number;
  /** Time between samples, ms (both clocks advance by this much per sample). */
  readonly tickMs: number;
  readonly seed?: number;
  /** Wall clock of the first sample, ms since the epoch (default: now). */
  readonly startTime?: number;
}

interface Flow {
  readonly token: number;
  readonly remoteToken: number;
  readonly inode: number;
  readonly cookies: readonly [string, string, string];
  readonly ports: readonly [number, number];
  /** Upload and download, bytes/s; the red subflow carries `redShare` of each. */
  readonly upRate: number;
  readonly downRate: number;
  readonly redShare: number;
  readonly rttMs: number;
  /** Counters: [red acked, red received, blue acked, blue received]. */
  readonly bytes: [number, number, number, number];
}

/**
 * A host whose connections churn: every `next()` is the following tick's sample, with counters
 * grown by each connection's rates (30 % of connections busy at 10 kB/s–5 MB/s, the rest nearly
 * idle) and `churn × connections` connections replaced (randomly chosen; new ones last).
 */
export class SyntheticHost {
  private readonly random: () => number;
  private readonly base: RawSample;
  private flows: Flow[] = [];
  private readonly tokens = new Set<number>();
  private readonly ports = new Set<number>();
  private nextPort = FIRST_EPHEMERAL;
  private nextCookie = 0x10_000;
  private nextInode = 200_000;
  private ticks = 0;
  private readonly startTime: number;
  private readonly interfaceBytes = new Map<number, { rx: number; tx: number }>();
  /** Connections closed and opened so far. */
  replaced = 0;

  constructor(private readonly options: SyntheticOptions) {
    this.random = seededRandom(options.seed ?? 1);
    this.base = loadSample('idle');
    this.startTime = options.startTime ?? Date.now();
    for (const i of this.base.interfaces) {
      this.interfaceBytes.set(i.ifindex, { rx: i.rxBytes, tx: i.txBytes });
    }
    for (let i = 0; i < options.connections; i++) this.flows.push(this.newFlow());
  }

  /** The next tick's sample (the first one has the initial connections). */
  next(): RawSample {
    if (this.ticks > 0) this.churn();
    const dt = this.ticks === 0 ? 0 : this.options.tickMs / 1000;
    const mptcpSockets: SampledMptcpSocket[] = [];
    const subflows: SampledSubflow[] = [];
    const red = this.interfaceBytes.get(RED.ifindex)!;
    const blue = this.interfaceBytes.get(BLUE.ifindex)!;
    for (const f of this.flows) {
      const up = f.upRate * dt * (0.8 + 0.4 * this.random());
      const down = f.downRate * dt * (0.8 + 0.4 * this.random());
      const grown = [
        up * f.redShare,
        down * f.redShare,
        up - up * f.redShare,
        down - down * f.redShare,
      ];
      for (let k = 0; k < 4; k++) f.bytes[k] = f.bytes[k]! + Math.round(grown[k]!);
      red.tx += Math.round(grown[0]!) + 66;
      red.rx += Math.round(grown[1]!) + 66;
      blue.tx += Math.round(grown[2]!) + 66;
      blue.rx += Math.round(grown[3]!) + 66;
      mptcpSockets.push(socketOf(f));
      subflows.push(subflowOf(f, 0), subflowOf(f, 1));
    }
    const t = this.ticks * this.options.tickMs;
    this.ticks++;
    return {
      ...this.base,
      monotonicMs: 1_000_000 + t,
      time: this.startTime + t,
      interfaces: this.base.interfaces.map((i) =>
        withCounters(i, this.interfaceBytes.get(i.ifindex)),
      ),
      mptcpSockets,
      subflows,
      problems: [],
    };
  }

  private churn(): void {
    let n = this.options.churn * this.flows.length;
    // A fractional count is honoured on average.
    n = Math.floor(n) + (this.random() < n - Math.floor(n) ? 1 : 0);
    for (let k = 0; k < n && this.flows.length > 0; k++) {
      const at = Math.floor(this.random() * this.flows.length);
      const [gone] = this.flows.splice(at, 1);
      if (gone) {
        this.tokens.delete(gone.token);
        this.ports.delete(gone.ports[0]);
        this.ports.delete(gone.ports[1]);
      }
    }
    for (let k = 0; k < n; k++) this.flows.push(this.newFlow());
    this.replaced += n;
  }

  private newFlow(): Flow {
    let token = 0;
    while (token === 0 || this.tokens.has(token)) token = Math.floor(this.random() * 2 ** 32);
    this.tokens.add(token);
    const busy = this.random() < 0.3;
    const upRate = busy ? 10_000 * 500 ** this.random() : 100 * this.random();
    const cookie = (): string => (this.nextCookie++).toString(16);
    return {
      token,
      remoteToken: Math.floor(this.random() * 2 ** 32),
      inode: this.nextInode++,
      cookies: [cookie(), cookie(), cookie()],
      ports: [this.port(), this.port()],
      upRate,
      downRate: busy ? upRate / 50 : 10 * this.random(),
      redShare: 0.5 + 0.3 * this.random(),
      rttMs: 0.05 + 20 * this.random(),
      bytes: [0, 0, 0, 0],
    };
  }

  /** The next free ephemeral port, wrapping around as the kernel's allocator does. */
  private port(): number {
    while (this.ports.has(this.nextPort)) this.advancePort();
    const port = this.nextPort;
    this.ports.add(port);
    this.advancePort();
    return port;
  }

  private advancePort(): void {
    this.nextPort = FIRST_EPHEMERAL + ((this.nextPort - FIRST_EPHEMERAL + 7) % EPHEMERAL_PORTS);
  }
}

function withCounters(
  i: InterfaceWithAddresses,
  bytes: { rx: number; tx: number } | undefined,
): InterfaceWithAddresses {
  return bytes ? { ...i, rxBytes: bytes.rx, txBytes: bytes.tx } : i;
}

function socketOf(f: Flow): SampledMptcpSocket {
  const acked = f.bytes[0] + f.bytes[2];
  const received = f.bytes[1] + f.bytes[3];
  return {
    family: 4,
    state: 'established',
    local: { address: RED.address, port: f.ports[0] },
    remote: SERVER,
    inode: f.inode,
    cookie: f.cookies[0],
    boundInterface: 0,
    uid: 0,
    info: {
      token: f.token,
      subflows: 1,
      subflowsMax: 2,
      addAddrAcceptedMax: 2,
      bytesSent: acked + 1448,
      bytesReceived: received,
      bytesAcked: acked,
      bytesRetrans: 0,
    },
  };
}

/** Subflow 0: the initial one on red; 1: the joined one on blue (bound to blue-c). */
function subflowOf(f: Flow, which: 0 | 1): SampledSubflow {
  const path = which === 0 ? RED : BLUE;
  const acked = f.bytes[which * 2]!;
  const received = f.bytes[which * 2 + 1]!;
  return {
    family: 4,
    state: 'established',
    local: { address: path.address, port: f.ports[which] },
    remote: SERVER,
    inode: f.inode,
    cookie: f.cookies[which + 1]!,
    boundInterface: which === 0 ? 0 : BLUE.ifindex,
    uid: 0,
    tcp: {
      rttMs: f.rttMs,
      sndCwnd: 10,
      bytesAcked: acked,
      bytesReceived: received,
      bytesSent: acked + 1448,
      bytesRetrans: 0,
    },
    mptcp: {
      tokenLocal: f.token,
      tokenRemote: which === 0 ? 0 : f.remoteToken,
      localId: which,
      remoteId: 0,
      flags: [...(which === 0 ? INITIAL_FLAGS : JOIN_FLAGS)],
      backupLocal: false,
      backupRemote: false,
    },
  };
}

/**
 * Replays one real sample tick after tick with only time and byte counters advancing (each
 * socket at its own steady rate, 1 kB/s–1 MB/s): the same sockets for as long as it runs.
 */
export class CounterReplay {
  private ticks = 0;
  private readonly rates: Map<string, number>;

  constructor(
    private readonly base: RawSample,
    private readonly tickMs: number,
    seed = 2,
  ) {
    const random = seededRandom(seed);
    this.rates = new Map();
    for (const s of [...base.mptcpSockets, ...base.subflows]) {
      this.rates.set(s.cookie, 1_000 * 1_000 ** random());
    }
  }

  next(): RawSample {
    const elapsedMs = this.ticks * this.tickMs;
    const grow = (cookie: string, value: number | undefined): number =>
      (value ?? 0) + Math.round(((this.rates.get(cookie) ?? 0) * elapsedMs) / 1000);
    this.ticks++;
    return {
      ...this.base,
      monotonicMs: this.base.monotonicMs + elapsedMs,
      time: this.base.time + elapsedMs,
      interfaces: this.base.interfaces.map((i) => ({
        ...i,
        rxBytes: i.rxBytes + elapsedMs * 1000,
        txBytes: i.txBytes + elapsedMs * 1000,
      })),
      mptcpSockets: this.base.mptcpSockets.map((s) =>
        s.info
          ? {
              ...s,
              info: {
                ...s.info,
                bytesSent: grow(s.cookie, s.info.bytesSent),
                bytesAcked: grow(s.cookie, s.info.bytesAcked),
                bytesReceived: grow(s.cookie, s.info.bytesReceived),
              },
            }
          : { ...s },
      ),
      subflows: this.base.subflows.map((s) =>
        s.tcp
          ? {
              ...s,
              tcp: {
                ...s.tcp,
                bytesSent: grow(s.cookie, s.tcp.bytesSent),
                bytesAcked: grow(s.cookie, s.tcp.bytesAcked),
                bytesReceived: grow(s.cookie, s.tcp.bytesReceived),
              },
            }
          : { ...s },
      ),
    };
  }
}
