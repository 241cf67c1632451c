// The stream protocol every link shares: a malformed message is refused with its id and a reason,
// a server message is believed only in the contract's shape, and an answer settles the request
// with its id and no other.
import { describe, expect, it } from 'vitest';
import type { StreamPushMessage } from '../../electron/contract.js';
import {
  PendingRequests,
  invokeText,
  parseInvoke,
  parseServerMessage,
  pushPayloadProblem,
  resultText,
} from '../../electron/stream-protocol.js';

const refusalOf = (value: unknown) => {
  const parsed = parseInvoke(typeof value === 'string' ? value : JSON.stringify(value));
  if (parsed.ok) throw new Error(`expected a refusal of ${JSON.stringify(value)}`);
  const { id, result } = parsed.answer;
  if (result.ok) throw new Error('a refusal must be an error');
  expect(result.error.code).toBe('bad-request');
  return { id, message: result.error.message };
};

describe('invoke messages (what a server reads)', () => {
  it('reads what invokeText writes, arguments untouched', () => {
    expect(parseInvoke(invokeText(3, 'multipath:set', { interface: 'eth0', mode: 'on' }))).toEqual({
      ok: true,
      message: {
        type: 'invoke',
        id: 3,
        name: 'multipath:set',
        args: { interface: 'eth0', mode: 'on' },
      },
    });
  });

  it('refuses a malformed message saying what is wrong, keeping a valid id', () => {
    // [message, the id the refusal carries, how its text starts]
    const cases: [unknown, string | number | null, string][] = [
      ['{"type":"invoke",', null, 'the message is not JSON; send one {"type":"invoke"'],
      [[1], null, 'a message must be a JSON object, not an array'],
      [{ type: 'subscribe', id: 'a' }, 'a', 'unknown message type "subscribe"; send {'],
      [
        { type: 'invoke', id: 1.5, name: 'x', args: {} },
        null,
        '"id" must be a string (at most 128 characters) or a whole number',
      ],
      [{ type: 'invoke', id: 'x'.repeat(129), name: 'x', args: {} }, null, '"id" must be'],
      [
        { type: 'invoke', id: 2, name: 'x'.repeat(65), args: {} },
        2,
        `"name" must be a request name such as "snapshot:get" (got "${'x'.repeat(40)}`,
      ],
      [{ type: 'invoke', id: 4, name: 'snapshot:get' }, 4, '"args" is missing: send {'],
      [
        { type: 'invoke', id: 5, name: 'snapshot:get', args: {}, sudo: 1, as: 0 },
        5,
        'unknown fields "sudo", "as"; send {',
      ],
    ];
    for (const [message, id, start] of cases) {
      const refused = refusalOf(message);
      expect(refused.id).toBe(id);
      expect(refused.message.startsWith(start), refused.message).toBe(true);
    }
  });
});

describe('server messages (what a client reads)', () => {
  it('reads what a server writes', () => {
    expect(parseServerMessage(resultText(7, { ok: true, value: [1] }))).toEqual({
      ok: true,
      message: { type: 'result', id: 7, result: { ok: true, value: [1] } },
    });
    const refused = { ok: false, error: { code: 'permission', message: 'run as root' } } as const;
    expect(parseServerMessage(resultText(null, refused))).toEqual({
      ok: true,
      message: { type: 'result', id: null, result: refused },
    });
  });

  it('refuses what is not the contract, with a reason', () => {
    const bad = [
      '}{',
      '"push"',
      '{"type":"hello"}',
      '{"type":"push","name":"onEvil","payload":{}}',
      '{"type":"push","name":"onTick"}',
      '{"type":"push","name":"onTick","payload":{},"extra":1}',
      '{"type":"result","id":1}',
      '{"type":"result","id":1.5,"result":{"ok":true,"value":1}}',
      '{"type":"result","id":1,"result":{"ok":"maybe","value":1}}',
      '{"type":"result","id":1,"result":{"ok":false,"error":{"code":"x","message":"m"}}}',
      '{"type":"result","id":1,"result":{"ok":false,"error":{"code":"kernel"}}}',
    ];
    for (const text of bad) {
      const parsed = parseServerMessage(text);
      expect(parsed.ok, text).toBe(false);
      expect(parsed.ok ? '' : parsed.reason, text).toMatch(/^an? /);
    }
    expect(parseServerMessage('[3]')).toEqual({
      ok: false,
      reason: 'an unexpected message (an array)',
    });
  });

  it('leaves push payloads to the receiver, and says when one is the wrong shape', () => {
    const parsed = parseServerMessage('{"type":"push","name":"onProgress","payload":{"done":1}}');
    if (!parsed.ok || parsed.message.type !== 'push') throw new Error('expected a push');
    expect(pushPayloadProblem(parsed.message)).toBe(
      "a onProgress push whose payload is not onProgress's shape",
    );
    const good = { type: 'push', name: 'onProgress', payload: { done: 1, total: 2 } };
    expect(pushPayloadProblem(good as StreamPushMessage)).toBeNull();
  });
});

describe('pairing answers with requests', () => {
  it('settles the request whose id the answer carries, once', () => {
    const pending = new PendingRequests<string>();
    const first = pending.add((id) => `first ${id}`);
    const second = pending.add((id) => `second ${id}`);
    expect(second).not.toBe(first);
    expect(pending.take(second)).toBe(`second ${second}`);
    expect(pending.take(second)).toBeUndefined();
    expect(pending.entries()).toEqual([[first, `first ${first}`]]);
  });

  it('pairs an unknown, string or null id with nothing', () => {
    const pending = new PendingRequests<string>();
    const id = pending.add(() => 'waiting');
    expect(pending.take(id + 1)).toBeUndefined();
    expect(pending.take(String(id))).toBeUndefined();
    expect(pending.take(null)).toBeUndefined();
    expect(pending.size).toBe(1);
    expect(pending.takeAll()).toEqual(['waiting']);
    expect(pending.size).toBe(0);
  });
});
