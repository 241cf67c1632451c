// The services behind the Host for one watched namespace: the monitor, multipath switching and
// limits. A multipath change is read back from the kernel, followed by a fresh tick, and a
// background watch reports (as a monitor event) if something else — NetworkManager, mptcpd —
// switches the endpoints back.
import type { HostServices } from './app-host.js';
import { controlKernel, setLimits, setMultipath, watchForRevert } from './control/index.js';
import type { HostRole } from './control/index.js';
import type { MonitorService } from './monitor/monitor-service.js';

export function createHostServices(monitor: MonitorService, role: HostRole): HostServices {
  return {
    monitor,
    async setMultipath(interfaceName, mode) {
      const kernel = controlKernel(monitor.kernel);
      const result = await setMultipath(kernel, interfaceName, mode, { role });
      watchForRevert(kernel, interfaceName, result.mode).then(
        (sentence) => {
          if (sentence) monitor.report(sentence);
        },
        (err: unknown) => {
          monitor.report(`could not re-check ${interfaceName} after the change: ${String(err)}`);
        },
      );
      return result;
    },
    setLimits: (limits) => setLimits(controlKernel(monitor.kernel), limits),
  };
}
