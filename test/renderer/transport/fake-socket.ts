// A WebSocket stand-in the tests drive by hand: open it, make the server send or close.
import type { WebSocketLike } from '../../../renderer/src/transport/ws-client.js';

export interface FakeSocketClass {
  new (url: string): FakeSocket;
  readonly instances: FakeSocket[];
}

export interface FakeSocket extends WebSocketLike {
  readonly url: string;
  readonly sent: string[];
  closedWith: { code: number; reason: string } | null;
  open(): void;
  receive(data: unknown): void;
  serverClose(code?: number, reason?: string): void;
}

/** A fresh fake class (its own list of instances) for one test. */
export function fakeSocketClass(): FakeSocketClass {
  const instances: FakeSocket[] = [];
  class Fake implements FakeSocket {
    static readonly instances = instances;
    readyState = 0;
    readonly sent: string[] = [];
    closedWith: { code: number; reason: string } | null = null;
    onopen: ((event: Event) => unknown) | null = null;
    onclose: ((event: CloseEvent) => unknown) | null = null;
    onmessage: ((event: MessageEvent) => unknown) | null = null;
    onerror: ((event: Event) => unknown) | null = null;
    constructor(readonly url: string) {
      instances.push(this);
    }
    send(data: string) {
      if (this.readyState !== 1) throw new Error('InvalidStateError: not open');
      this.sent.push(data);
    }
    close(code = 1000, reason = '') {
      this.readyState = 3;
      this.closedWith = { code, reason };
    }
    open() {
      this.readyState = 1;
      this.onopen?.(new Event('open'));
    }
    receive(data: unknown) {
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      this.onmessage?.(new MessageEvent('message', { data: text }));
    }
    serverClose(code = 1006, reason = '') {
      this.readyState = 3;
      this.onerror?.(new Event('error'));
      this.onclose?.(new CloseEvent('close', { code, reason }));
    }
  }
  return Fake;
}
