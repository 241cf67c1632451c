// The layer rule, run through ESLint's Node API with the project's own eslint.config.js: code put
// in a feature folder that imports sideways or from a shell fails lint, code that imports
// downward passes. The snippets are linted under the name of a real file (type-aware linting
// only accepts files the TypeScript project knows); nothing is written to disk.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
// Type-aware linting builds the TypeScript program first: slow on a busy 2-core machine.
const SLOW = 240_000;

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function lint(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, filePath) });
  return result?.messages ?? [];
}

const layerErrors = (messages: Linter.LintMessage[]) =>
  messages.filter((m) => m.ruleId === 'layers/imports').map((m) => m.message);

describe('the layer rule in eslint.config.js', () => {
  it(
    'fails a feature importing a sideways feature, a shell or a host, and passes downward imports',
    async () => {
      const sideways = await lint(
        'electron/monitor/failover-watch.ts',
        [
          "import type { JournalHeader } from '../session/journal/journal-types.js';",
          "import { startServer } from '../server/server.js';",
          "export { startHost } from '../host/start-host.js';",
          'export type Header = JournalHeader;',
          'export const start = startServer;',
          '',
        ].join('\n'),
      );
      expect(layerErrors(sideways)).toEqual([
        expect.stringMatching(
          /^monitor may not import session \("\.\.\/session\/journal\/journal-types/,
        ),
        expect.stringMatching(/^monitor may not import server \("\.\.\/server\/server\.js"\)/),
        expect.stringMatching(/^monitor may not import hosts \("\.\.\/host\/start-host\.js"\)/),
      ]);

      const downward = await lint(
        'electron/report/report-download.ts',
        [
          "import type { Snapshot } from '../contract.js';",
          "import { parseTarget } from '../http/http-io.js';",
          "import { connectionKey } from '../monitor/keys.js';",
          "import type { JournalHeader } from '../session/journal/journal-types.js';",
          "import { validateNetnsName } from '../../native/netns.js';",
          'export type Pair = [Snapshot, JournalHeader];',
          'export const used = [parseTarget, connectionKey, validateNetnsName];',
          '',
        ].join('\n'),
      );
      expect(layerErrors(downward)).toEqual([]);
    },
    SLOW,
  );

  it(
    'keeps native/ free of electron/ and the renderer on the contract alone',
    async () => {
      const native = await lint(
        'native/text/errors.ts',
        "import type { Snapshot } from '../../electron/contract.js';\nexport type S = Snapshot;\n",
      );
      expect(layerErrors(native)).toEqual([
        expect.stringMatching(/^native may not import contract .*may import nothing outside/),
      ]);
      const renderer = await lint(
        'renderer/src/store/keys.ts',
        "import { validateRequest } from '../../../electron/validation.js';\nexport const v = validateRequest;\n",
      );
      expect(layerErrors(renderer)).toEqual([
        expect.stringMatching(/^renderer may not import core/),
      ]);
      // The stream protocol sits in the contract's layer: the renderer's WebSocket client uses it.
      const protocol = await lint(
        'renderer/src/transport/wire.ts',
        "import { parseServerMessage } from '../../../electron/stream-protocol.js';\nexport const p = parseServerMessage;\n",
      );
      expect(protocol.filter((m) => m.severity === 2)).toEqual([]);
    },
    SLOW,
  );
});

describe('the layer table', () => {
  it('refuses a source file that belongs to no layer', async () => {
    const url = pathToFileURL(resolve(ROOT, 'eslint/layers.js')).href;
    const { layersPlugin } = (await import(url)) as { layersPlugin: ESLint.Plugin };
    const plain = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser },
          plugins: { layers: layersPlugin },
          rules: { 'layers/imports': 'error' },
        },
      ],
    });
    const [unplaced] = await plain.lintText('export const x = 1;\n', {
      filePath: resolve(ROOT, 'electron/newfolder/thing.ts'),
    });
    expect(unplaced?.messages.map((m) => m.message)).toEqual([
      expect.stringMatching(/^electron\/newfolder\/thing\.ts is in no layer/),
    ]);
    const [placed] = await plain.lintText("import { x } from '../contract.js';\nexport { x };\n", {
      filePath: resolve(ROOT, 'electron/monitor/thing.ts'),
    });
    expect(placed?.messages).toEqual([]);
  });
});
