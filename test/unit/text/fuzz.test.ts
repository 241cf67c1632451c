// Fuzz tests of the text parsers: random bytes, token soups and random cuts or edits of the captured
// fixtures must parse or throw ParseError, never anything else. Seeded, so a failure reproduces:
// set SUBFLOW_FUZZ_SEED to explore other seeds.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../native/text/errors.js';
import {
  parseIpMptcpEndpoints,
  parseIpMptcpLimits,
  parseIpMptcpMonitor,
} from '../../../native/text/ip-mptcp-parser.js';
import { parseSs } from '../../../native/text/ss-parser.js';
import { seededRandom } from '../../support/fuzz.js';

const SEED = Number(process.env.SUBFLOW_FUZZ_SEED ?? 0x5eed_f10);
const DIR = new URL('../../fixtures/text/', import.meta.url);
const FIXTURES = readdirSync(DIR)
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .map((name) => ({ name, text: readFileSync(new URL(name, DIR), 'utf8') }));

const PARSERS: Record<string, (text: string) => unknown> = {
  ss: (text) => parseSs(text),
  'ss kind=mptcp': (text) => parseSs(text, { kind: 'mptcp' }),
  endpoints: (text) => parseIpMptcpEndpoints(text),
  limits: (text) => parseIpMptcpLimits(text),
  monitor: (text) => parseIpMptcpMonitor(text),
};

type Random = ReturnType<typeof seededRandom>;
const int = (random: Random, n: number): number => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

const ALPHABET = ' \t\n:[]%()/=*.,-_0123456789abcdefJjMmBbecvxyz"<>';
const TOKENS = FIXTURES.flatMap(({ text }) => text.split(/[ \t]+/)).filter((t) => t !== '');

function randomBytes(random: Random): string {
  let text = '';
  for (let n = int(random, 400); n > 0; n--) {
    text +=
      random() < 0.5
        ? String.fromCharCode(int(random, 256))
        : (ALPHABET[int(random, ALPHABET.length)] ?? ' ');
  }
  return text;
}

function tokenSoup(random: Random): string {
  const words: string[] = [];
  for (let n = int(random, 60); n > 0; n--) {
    words.push(pick(random, TOKENS), pick(random, [' ', ' ', '\n', '\n\t ', '\t']));
  }
  return words.join('');
}

function mutate(random: Random, text: string): string {
  const at = int(random, text.length + 1);
  switch (int(random, 4)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + String.fromCharCode(int(random, 128)) + text.slice(at + 1);
    case 2:
      return text.slice(0, at) + text.slice(at + 1 + int(random, 40));
    default: {
      const lines = text.split('\n');
      lines.splice(int(random, lines.length + 1), 0, pick(random, lines));
      return lines.join('\n');
    }
  }
}

/** Runs one parser on one input: 'ok' or 'error' (ParseError); anything else fails the test. */
function outcome(parser: string, input: string, label: string): 'ok' | 'error' {
  const parse = PARSERS[parser];
  if (!parse) throw new Error(`no parser ${parser}`);
  try {
    parse(input);
    return 'ok';
  } catch (error) {
    if (error instanceof ParseError) return 'error';
    const shown = JSON.stringify(input.slice(0, 300));
    throw new Error(`${parser} threw ${String(error)} on ${label} (seed ${SEED}): ${shown}`);
  }
}

describe(`text parsers under fuzzing (seed ${SEED})`, () => {
  it('treat random bytes and token soups as parsed or ParseError', () => {
    const random = seededRandom(SEED);
    for (let i = 0; i < 1500; i++) {
      const input = i % 2 === 0 ? randomBytes(random) : tokenSoup(random);
      for (const parser of Object.keys(PARSERS)) outcome(parser, input, `case ${i}`);
    }
  });

  it('treat random cuts and edits of every fixture as parsed or ParseError', () => {
    const random = seededRandom(SEED + 1);
    const seen = { ok: 0, error: 0 };
    for (const { name, text } of FIXTURES) {
      const parser = name.startsWith('ss-')
        ? 'ss'
        : name.includes('endpoint')
          ? 'endpoints'
          : name.includes('limits')
            ? 'limits'
            : 'monitor';
      expect(outcome(parser, text, name)).toBe('ok');
      for (let i = 0; i < 150; i++) {
        const input = mutate(random, i % 3 === 0 ? mutate(random, text) : text);
        seen[outcome(parser, input, `${name} edit ${i}`)]++;
      }
    }
    // Both paths were exercised: many edits still parse, many are rejected.
    expect(seen.ok).toBeGreaterThan(500);
    expect(seen.error).toBeGreaterThan(500);
  });

  it('parse every fixture cut at a line boundary', () => {
    for (const { name, text } of FIXTURES.filter((f) => !f.name.includes('limits'))) {
      const lines = text.split('\n');
      for (let n = 0; n <= lines.length; n++) {
        const head = lines.slice(0, n).join('\n');
        const parser = name.startsWith('ss-')
          ? 'ss'
          : name.includes('endpoint')
            ? 'endpoints'
            : 'monitor';
        expect(outcome(parser, head, `${name} first ${n} lines`)).toBe('ok');
      }
    }
  });
});
