// The Host behind every transport: validates each request, runs it on the monitor or control
// services, and answers errors as data. The server and Electron's IPC only adapt onto this.
import type {
  Limits,
  MultipathMode,
  MultipathResult,
  RequestName,
  RequestResult,
  Result,
} from './contract.js';
import type { Host } from './host.js';
import type { MonitorService } from './monitor/monitor-service.js';
import { toApiError } from './api-errors.js';
import { validateRequest } from './validation.js';

export interface HostServices {
  readonly monitor: MonitorService;
  /** Switches multipath for one interface and returns the state read back from the kernel. */
  setMultipath(interfaceName: string, mode: MultipathMode): Promise<MultipathResult>;
  /** Sets path-manager limits and returns them read back from the kernel. */
  setLimits(limits: { subflows?: number; addAddrAccepted?: number }): Promise<Limits>;
}

export function createHost(services: HostServices): Host {
  const { monitor } = services;

  async function run(name: RequestName, args: unknown): Promise<unknown> {
    switch (name) {
      case 'snapshot:get': {
        const snapshot = monitor.latest() ?? (await monitor.refresh());
        if (!snapshot)
          throw Object.assign(
            new Error('no snapshot yet: the kernel could not be sampled (see the events)'),
            { code: 'kernel' },
          );
        return snapshot;
      }
      case 'events:list': {
        const { since } = args as { since?: number };
        return monitor.events(since);
      }
      case 'multipath:set': {
        const a = args as { interface: string; mode: MultipathMode };
        const result = await services.setMultipath(a.interface, a.mode);
        await monitor.refresh();
        return result;
      }
      case 'limits:set': {
        const limits = await services.setLimits(
          args as { subflows?: number; addAddrAccepted?: number },
        );
        await monitor.refresh();
        return limits;
      }
      case 'monitor:configure':
        return monitor.configure(args as { intervalMs?: number; paused?: boolean });
    }
  }

  return {
    async invoke<K extends RequestName>(name: K, args: unknown): Promise<Result<RequestResult<K>>> {
      const valid = validateRequest(name, args);
      if (!valid.ok) return valid;
      try {
        return { ok: true, value: (await run(name, valid.value)) as RequestResult<K> };
      } catch (err) {
        return { ok: false, error: toApiError(err) };
      }
    },
    subscribe: (listener) => monitor.subscribe(listener),
  };
}
