// The layers of Subflow and which may import which (README, "How it works"), as one table the
// linter enforces. Every source file under native/, electron/ and renderer/ belongs to exactly one
// layer (the longest matching entry wins); a relative import may go to its own layer or to one the
// table lists, and nowhere else. Type-only imports count too: they tie folders together as much.
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What every feature and shell may use: the kernel boundary, the contract and the core. */
const BASE = ['native', 'contract', 'core'];
/** The feature folders of electron/. */
const FEATURES = ['monitor', 'control', 'doctor', 'session', 'report', 'metrics'];

/**
 * The table. `where`: paths from the repository root, a folder ending in "/", a file without its
 * extension. `may`: the other layers it may import. Lowest first.
 */
export const LAYERS = [
  { name: 'native', where: ['native/'], may: [] },
  // The contract and the runtime-free modules beside it (stream protocol, interface colours, number formatting): the
  // renderer's too.
  {
    name: 'contract',
    where: [
      'electron/contract',
      'electron/stream-protocol',
      'electron/interface-colors',
      'electron/units',
    ],
    may: [],
  },
  {
    name: 'core',
    where: [
      'electron/validation',
      'electron/api-errors',
      // The Host's shape, its one validating dispatcher and the push bus: what every feature's
      // handlers are written against. The rest of electron/host/ assembles hosts (below).
      'electron/host/host',
      'electron/host/create-host',
      'electron/host/push-bus',
      'electron/output-file',
      'electron/terminal-text',
      'electron/http/',
    ],
    may: ['contract'],
  },
  { name: 'monitor', where: ['electron/monitor/'], may: BASE },
  { name: 'control', where: ['electron/control/'], may: ['monitor', ...BASE] },
  { name: 'doctor', where: ['electron/doctor/'], may: ['control', 'monitor', ...BASE] },
  { name: 'session', where: ['electron/session/'], may: ['monitor', ...BASE] },
  { name: 'report', where: ['electron/report/'], may: ['session', 'monitor', ...BASE] },
  { name: 'metrics', where: ['electron/metrics/'], may: ['monitor', ...BASE] },
  {
    // Host assembly: startHost and its role table, the session host, the action wrapper. Each
    // feature's handlers stay in the feature's folder.
    name: 'hosts',
    where: ['electron/host/'],
    may: [...FEATURES, ...BASE],
  },
  { name: 'helper', where: ['electron/helper/'], may: ['hosts', ...FEATURES, ...BASE] },
  { name: 'server', where: ['electron/server/'], may: ['hosts', ...FEATURES, ...BASE] },
  { name: 'shell', where: ['electron/shell/'], may: ['helper', 'hosts', ...FEATURES, ...BASE] },
  {
    name: 'cli',
    where: ['electron/cli/', 'electron/cli'],
    may: ['server', 'helper', 'hosts', ...FEATURES, ...BASE],
  },
  { name: 'electron-main', where: ['electron/main', 'electron/preload'], may: ['shell', ...BASE] },
  { name: 'renderer', where: ['renderer/'], may: ['contract'] },
];

/** Folders whose every source file must be in the table. */
const COVERED = ['native/', 'electron/', 'renderer/src/'];

/** The layer of a path relative to the root (with or without its extension), or undefined. */
export function layerOf(path) {
  const bare = path.replace(/\.(d\.ts|tsx?|jsx?|mjs)$/, '');
  let best;
  let bestLength = -1;
  for (const layer of LAYERS) {
    for (const entry of layer.where) {
      const hit = entry.endsWith('/') ? bare.startsWith(entry) : bare === entry;
      if (hit && entry.length > bestLength) {
        best = layer;
        bestLength = entry.length;
      }
    }
  }
  return best;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports go only to the layers the layer table allows' },
    schema: [],
    messages: {
      sideways:
        '{{from}} may not import {{to}} ("{{source}}"): {{from}} may import {{allowed}}. ' +
        'Move the shared code down to a layer both may import (eslint/layers.js, README "How it works").',
      unplaced: '{{file}} is in no layer: add it to the table in eslint/layers.js and the README.',
    },
  },
  create(context) {
    const file = relative(ROOT, context.filename);
    const from = layerOf(file);
    if (from === undefined) {
      if (COVERED.some((dir) => file.startsWith(dir))) {
        return {
          Program(node) {
            context.report({ node, messageId: 'unplaced', data: { file } });
          },
        };
      }
      return {};
    }
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = relative(ROOT, resolve(dirname(context.filename), source));
      const to = layerOf(target);
      if (to === undefined || to === from || from.may.includes(to.name)) return;
      const allowed = from.may.length === 0 ? 'nothing outside itself' : from.may.join(', ');
      context.report({
        node,
        messageId: 'sideways',
        data: { from: from.name, to: to.name, source, allowed },
      });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.value),
    };
  },
};

/** The local plugin: `layers/imports`. */
export const layersPlugin = { rules: { imports: rule } };
