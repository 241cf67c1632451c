// The window's Host that can change hands (announced agent → the app's own side): requests go to
// the current host, pushes come from it alone, and the previous one is no longer listened to.
import { describe, expect, it } from 'vitest';
import { createSwitchingHost } from '../../../electron/shell/switching-host.js';
import { FakeHost, SNAPSHOT } from '../server/fake-host.js';

describe('createSwitchingHost', () => {
  it('hands requests and pushes over to the next host', async () => {
    const first = new FakeHost();
    const next = new FakeHost();
    const host = createSwitchingHost(first);
    const pushes: string[] = [];
    host.subscribe((p) => pushes.push(p.name));

    await host.invoke('snapshot:get', {}, 'desktop');
    first.tick();
    expect(first.calls.map((c) => c.name)).toEqual(['snapshot:get']);
    expect(first.origins).toEqual(['desktop']);
    expect(pushes).toEqual(['onTick']);

    host.switchTo(next);
    expect(first.listeners.size).toBe(0);
    expect(next.listeners.size).toBe(1);
    first.tick();
    expect(pushes).toEqual(['onTick']);
    expect(await host.invoke('snapshot:get', {})).toEqual({ ok: true, value: SNAPSHOT });
    expect(next.calls.map((c) => c.name)).toEqual(['snapshot:get']);
    expect(first.calls).toHaveLength(1);
    next.tick();
    expect(pushes).toEqual(['onTick', 'onTick']);
  });

  it('stops relaying once closed or unsubscribed', () => {
    const inner = new FakeHost();
    const host = createSwitchingHost(inner);
    const seen: string[] = [];
    const unsubscribe = host.subscribe((p) => seen.push(p.name));
    const other: string[] = [];
    host.subscribe((p) => other.push(p.name));
    unsubscribe();
    inner.tick();
    expect(seen).toEqual([]);
    expect(other).toEqual(['onTick']);
    host.close();
    expect(inner.listeners.size).toBe(0);
  });
});
