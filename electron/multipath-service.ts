// Multipath switching as the Host and the CLI use it: the change (read back from the kernel),
// a fresh tick so every view shows it, and a watch in the background that reports, as a
// monitor event, if something else (NetworkManager, mptcpd) switches the endpoints back.
import type { MultipathMode, MultipathResult } from './contract.js';
import { controlKernel, setMultipath, watchForRevert } from './control/index.js';
import type { HostRole } from './control/index.js';
import type { MonitorService } from './monitor/monitor-service.js';

export function multipathService(
  monitor: MonitorService,
  role: HostRole,
): (interfaceName: string, mode: MultipathMode) => Promise<MultipathResult> {
  return async (interfaceName, mode) => {
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
  };
}
