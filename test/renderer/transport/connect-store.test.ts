import { beforeEach, describe, expect, it } from 'vitest';
import type {
  ConnectionStatus,
  StatusListener,
} from '../../../renderer/src/transport/connection-status.js';
import { connectStore } from '../../../renderer/src/transport/connect-store.js';
import { pickApi, streamUrl } from '../../../renderer/src/transport/pick-api.js';
import { resetSubflowStore, useSubflowStore } from '../../../renderer/src/store/store.js';
import { createFakeApi, ok } from '../support/fake-api.js';
import { snapshot, T0 } from '../support/fixtures.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  resetSubflowStore();
});

describe('connectStore', () => {
  it('pushes the link status into the store and reloads after a reconnect', async () => {
    const api = createFakeApi({ 'snapshot:get': () => ok(snapshot(T0)) });
    let emit: StatusListener = () => undefined;
    const disconnect = connectStore(
      {
        api,
        onStatus(listener) {
          emit = listener;
          listener({ kind: 'connecting' });
          return () => undefined;
        },
      },
      useSubflowStore,
    );
    await settle();
    const loads = () => api.calls.filter((c) => c.name === 'snapshot:get').length;
    expect(loads()).toBe(1);
    emit({ kind: 'open' });
    expect(loads()).toBe(1);
    const lost: ConnectionStatus = {
      kind: 'reconnecting',
      attempt: 2,
      retryAt: T0 + 3000,
      reason: 'x',
    };
    emit(lost);
    expect(useSubflowStore.getState().status).toEqual(lost);
    emit({ kind: 'open' });
    await settle();
    expect(loads()).toBe(2);
    expect(api.calls.map((c) => c.name)).toContain('history:get');
    disconnect();
    expect(useSubflowStore.getState().api).toBeNull();
  });
});

describe('pickApi', () => {
  it('uses the Electron bridge when window.subflow is there', () => {
    const bridge = createFakeApi();
    window.subflow = bridge;
    try {
      const picked = pickApi();
      expect(picked.kind).toBe('bridge');
      expect(picked.api).toBe(bridge);
      const seen: ConnectionStatus[] = [];
      picked.onStatus((s) => seen.push(s));
      expect(seen).toEqual([{ kind: 'open' }]);
    } finally {
      delete window.subflow;
    }
  });

  it('builds the stream URL from the page location', () => {
    expect(streamUrl({ protocol: 'http:', host: '127.0.0.1:7070' })).toBe(
      'ws://127.0.0.1:7070/api/stream',
    );
    expect(streamUrl({ protocol: 'https:', host: '[::1]:443' })).toBe('wss://[::1]:443/api/stream');
  });
});
