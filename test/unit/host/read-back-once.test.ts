// A change asked of a Host reads the kernel's endpoints back once: control's handler reads them
// after its plan ran, and the action step records that read-back as what the change left instead
// of asking the kernel again; then one fresh sample puts the change on the timeline. Overlapping
// changes cannot tell whose read-back is whose, so each reads afresh. A bad request reaches
// neither the kernel nor the timeline.
import { describe, expect, it } from 'vitest';
import type { ActionDetails, PmEvent } from '../../../electron/contract.js';
import { controlHandlers } from '../../../electron/control/control-handlers.js';
import { actionEvents, readBackSlot } from '../../../electron/host/action-host.js';
import type { ActionMonitor } from '../../../electron/host/action-host.js';
import { createHost } from '../../../electron/host/create-host.js';
import { createPushBus } from '../../../electron/host/push-bus.js';
import type { EndpointShape } from '../../../electron/monitor/endpoint-diff.js';
import { FakeKernel } from '../control/fake-kernel.js';

function lab() {
  const kernel = new FakeKernel();
  const left: (readonly EndpointShape[] | null)[] = [];
  const announced: PmEvent[] = [];
  let refreshes = 0;
  let ownReads = 0;
  const monitor: ActionMonitor = {
    latest: () => null,
    goneReason: () => null,
    announce: (e) => announced.push(e),
    refresh: () => {
      refreshes++;
      return Promise.resolve(null);
    },
    changes: {
      begin: () => 'id',
      end: (_id: string, endpoints: readonly EndpointShape[] | null, _a: ActionDetails) => {
        left.push(endpoints);
      },
    },
    kernel: {
      call: (op) => {
        ownReads++;
        return kernel.call(op, null);
      },
    },
  };
  const slot = readBackSlot();
  const host = createHost({
    handlers: [
      controlHandlers(() => kernel, { netns: null, role: 'client', onReadBack: slot.note }),
    ],
    pushes: createPushBus().subscribe,
    around: [actionEvents(monitor, slot)],
  });
  const reads = () => kernel.calls.filter((c) => c.op === 'listEndpoints').length;
  return {
    kernel,
    host,
    left,
    announced,
    reads,
    refreshes: () => refreshes,
    ownReads: () => ownReads,
  };
}

describe('a multipath change through the Host', () => {
  it('reads the endpoints back once and samples once', async () => {
    const l = lab();
    const result = await l.host.invoke('multipath:set', { interface: 'blue-c', mode: 'backup' });
    expect(result).toMatchObject({ ok: true, value: { mode: 'backup' } });
    // One read to plan, one read back; the action step reused the read-back.
    expect(l.reads()).toBe(2);
    expect(l.ownReads()).toBe(0);
    expect(l.refreshes()).toBe(1);
    expect(l.left).toEqual([l.kernel.endpoints]);
    expect(l.announced.map((e) => e.action?.result)).toEqual(['done']);
  });

  it('reads afresh when two changes overlap', async () => {
    const l = lab();
    const [a, b] = await Promise.all([
      l.host.invoke('multipath:set', { interface: 'blue-c', mode: 'backup' }),
      l.host.invoke('limits:set', { subflows: 4 }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    expect(l.ownReads()).toBe(2);
    expect(l.left).toEqual([l.kernel.endpoints, l.kernel.endpoints]);
  });

  it('lets a bad request reach neither the kernel nor the timeline', async () => {
    const l = lab();
    const result = await l.host.invoke('multipath:set', { interface: 'a/b', mode: 'on' });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(l.kernel.calls).toEqual([]);
    expect(l.announced).toEqual([]);
  });
});
