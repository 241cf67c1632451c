// The monitor's ticks read samples through this: each one asks the kernel thread for a delta
// against the sample it holds (see sample-delta.ts) and rebuilds the whole RawSample, so the
// thread boundary carries only the sockets that changed. Anyone else keeps calling 'sample'.
import type { KernelClient } from './kernel-client.js';
import type { RawSample } from './sample.js';
import { SampleDecoder } from './sample-delta.js';

/** Every this many samples one is asked for in full, so a fault cannot outlive a minute. */
const FULL_EVERY = 60;

export class SampleReader {
  private readonly decoder = new SampleDecoder();
  private count = 0;
  private last: KernelClient | null = null;

  /** `client` gives the kernel client of now (a new one, after a namespace came back, starts over). */
  constructor(private readonly client: () => KernelClient) {}

  /** One sample; `fresh` as for the 'sample' operation. */
  async next(fresh: boolean): Promise<RawSample> {
    const client = this.client();
    if (client !== this.last || this.count++ % FULL_EVERY === 0) this.decoder.reset();
    this.last = client;
    const base = this.decoder.base;
    try {
      return this.decoder.decode(await client.call('sampleDelta', { fresh, base }));
    } catch (err) {
      // A failed read leaves the thread's last sample unknown here: start over with a full one.
      this.decoder.reset();
      throw err;
    }
  }
}
