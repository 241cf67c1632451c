import { describe, expect, it } from 'vitest';
import {
  MAX_REQUEST_LINE_BYTES,
  encodeLine,
  overflowAnswer,
} from '../../../electron/helper/wire.js';
import {
  parseInvoke as parseRequestLine,
  parseServerMessage as parseServerLine,
} from '../../../electron/stream-protocol.js';

function refusal(text: string) {
  const parsed = parseRequestLine(text);
  if (parsed.ok) throw new Error(`expected a refusal of ${text}`);
  expect(parsed.answer.type).toBe('result');
  expect(parsed.answer.result.ok).toBe(false);
  return parsed.answer;
}

const says = (text: string) => {
  const { result } = refusal(text);
  return result.ok ? '' : result.error.message;
};

describe('request lines (what the helper reads)', () => {
  it('accepts an invoke message and leaves the arguments to the Host', () => {
    const parsed = parseRequestLine('{"type":"invoke","id":7,"name":"multipath:set","args":[1]}');
    expect(parsed).toEqual({
      ok: true,
      message: { type: 'invoke', id: 7, name: 'multipath:set', args: [1] },
    });
  });

  it('refuses what is not an invoke message, naming the problem and keeping the id', () => {
    expect(refusal('not json').id).toBeNull();
    expect(says('[1,2]')).toContain('must be a JSON object');
    const wrongType = refusal('{"type":"push","id":"a","name":"x","args":{}}');
    expect(wrongType.id).toBe('a');
    expect(says('{"type":"push","id":"a","name":"x","args":{}}')).toContain('unknown message type');
    expect(says('{"type":"invoke","id":1.5,"name":"x"}')).toContain('"id"');
    expect(says('{"type":"invoke","id":1,"name":5}')).toContain('"name"');
    const extra = refusal('{"type":"invoke","id":1,"name":"snapshot:get","args":{},"sudo":true}');
    expect(extra.id).toBe(1);
    expect(extra.result.ok ? '' : extra.result.error.message).toContain('"sudo"');
  });

  it('refuses ids that are too long or not whole numbers', () => {
    const long = JSON.stringify({ type: 'invoke', id: 'x'.repeat(129), name: 'a', args: {} });
    expect(refusal(long).id).toBeNull();
  });

  it('answers an over-long line with a bad request without an id', () => {
    const answer = overflowAnswer(MAX_REQUEST_LINE_BYTES + 10);
    expect(answer.id).toBeNull();
    expect(answer.result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(JSON.stringify(answer)).toContain(String(MAX_REQUEST_LINE_BYTES));
  });
});

describe('server lines (what the app reads back)', () => {
  it('accepts results and pushes of the contract', () => {
    expect(parseServerLine('{"type":"result","id":3,"result":{"ok":true,"value":1}}')).toEqual({
      ok: true,
      message: { type: 'result', id: 3, result: { ok: true, value: 1 } },
    });
    const error =
      '{"type":"result","id":null,"result":{"ok":false,"error":{"code":"permission","message":"m"}}}';
    expect(parseServerLine(error).ok).toBe(true);
    expect(parseServerLine('{"type":"push","name":"onTick","payload":{}}')).toMatchObject({
      ok: true,
      message: { name: 'onTick' },
    });
  });

  it('rejects unknown pushes, unknown error codes and garbage', () => {
    expect(parseServerLine('{"type":"push","name":"onEvil","payload":{}}').ok).toBe(false);
    const badCode =
      '{"type":"result","id":1,"result":{"ok":false,"error":{"code":"x","message":"m"}}}';
    expect(parseServerLine(badCode).ok).toBe(false);
    expect(parseServerLine('{"type":"result","id":1}').ok).toBe(false);
    expect(parseServerLine('}{').ok).toBe(false);
  });

  it('encodes one message per line', () => {
    const line = encodeLine({ type: 'invoke', id: 1, name: 'snapshot:get', args: {} });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(parseRequestLine(line.trim()).ok).toBe(true);
  });
});
