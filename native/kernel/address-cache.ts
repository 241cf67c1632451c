// The namespace's addresses as the kernel thread last read them, re-read only when they may have
// changed: after an rtnetlink link/address notification (or a dropped one), when a sample asks
// for fresh state, or once ADDRESSES_MAX_AGE_MS old. An idle tick then costs one non-blocking
// recv on the notification socket instead of an address dump. The interface counters are not
// cached here: they come with the link dump every tick.
import type { InterfaceAddress } from '../rtnl/address.js';

/** Re-read at least this often even without a notification (a safety net, not the mechanism). */
export const ADDRESSES_MAX_AGE_MS = 30_000;

export interface AddressCacheOptions {
  /** Reads every address of the namespace (an rtnetlink dump). */
  readonly dump: () => InterfaceAddress[];
  /**
   * True when a notification (or an overflow) arrived since the last call, consuming them. Null
   * when the kernel's notifications cannot be listened to: then every read dumps.
   */
  readonly changed: (() => boolean) | null;
  /** Monotonic ms (injectable for tests). */
  readonly now?: () => number;
}

export class AddressCache {
  private last: { readonly addresses: InterfaceAddress[]; readonly at: number } | null = null;
  /** Dumps made so far (tests count them). */
  dumps = 0;

  constructor(private readonly options: AddressCacheOptions) {}

  /** The addresses, dumped afresh when they may have changed (see the module comment). */
  read(fresh: boolean): InterfaceAddress[] {
    const now = this.options.now ? this.options.now() : performance.now();
    // Consume the notifications first: a change announced after this point is seen next time.
    const notified = this.options.changed === null || this.options.changed();
    const last = this.last;
    if (!fresh && !notified && last !== null && now - last.at < ADDRESSES_MAX_AGE_MS) {
      return last.addresses;
    }
    this.dumps++;
    const addresses = this.options.dump();
    this.last = { addresses, at: now };
    return addresses;
  }
}
