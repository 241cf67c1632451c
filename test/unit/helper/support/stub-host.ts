// A real Host (createHost: validation, errors as data) over stub handlers and a push bus, for
// the helper protocol tests: no kernel needed.
import { createHost } from '../../../../electron/host/create-host.js';
import type { Snapshot } from '../../../../electron/contract.js';
import type { Host } from '../../../../electron/host/host.js';
import { createPushBus } from '../../../../electron/host/push-bus.js';
import type { PushBus } from '../../../../electron/host/push-bus.js';
import { SNAPSHOT } from '../../server/fake-host.js';

export { SNAPSHOT };

export interface StubHost {
  readonly host: Host;
  readonly bus: PushBus;
  /** Every request that reached a handler (after validation). */
  readonly served: string[];
}

/** `hostname` is reported in snapshot:get, so a test can see what the helper was given. */
export function stubHost(hostname = SNAPSHOT.hostname): StubHost {
  const bus = createPushBus();
  const served: string[] = [];
  const snapshot: Snapshot = { ...SNAPSHOT, hostname };
  const host = createHost({
    handlers: [
      {
        'snapshot:get': () => {
          served.push('snapshot:get');
          return Promise.resolve(snapshot);
        },
        'multipath:set': (args) => {
          served.push('multipath:set');
          return Promise.resolve({
            interface: args.interface,
            mode: args.mode,
            endpoints: [],
            notes: [],
          });
        },
        'doctor:run': () => {
          served.push('doctor:run');
          return Promise.reject(Object.assign(new Error('no rights here'), { code: 'permission' }));
        },
        'events:list': async () => {
          served.push('events:list');
          await new Promise((resolve) => setTimeout(resolve, 50));
          return [];
        },
      },
    ],
    pushes: bus.subscribe,
    unavailable: { 'record:start': 'sessions stay with the app' },
  });
  return { host, bus, served };
}
