// No import circles in the source: a module may not reach itself through its imports, type-only
// imports included (they still tie the modules' shapes into a knot). The graph is read from the
// import/export lines of every file under native/, electron/ and renderer/src/.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SOURCES = ['native', 'electron', 'renderer/src'];
const SPECIFIER =
  /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*'(\.[^']+)'|\bimport\(\s*'(\.[^']+)'\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** File → the files it imports (relative specifiers only; `.js` stands for `.ts` / `.tsx`). */
function importGraph(files: readonly string[], read: (file: string) => string) {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets: string[] = [];
    for (const match of read(file).matchAll(SPECIFIER)) {
      const spec = match[1] ?? match[2] ?? '';
      const base = join(dirname(file), spec).replace(/\.js$/, '');
      const target = [`${base}.ts`, `${base}.tsx`].find((t) => known.has(t));
      if (target !== undefined) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The import circles of a graph: its strongly connected parts with more than one file (Tarjan). */
function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const part: string[] = [];
    let top: string | undefined;
    do {
      top = stack.pop();
      if (top === undefined) break;
      onStack.delete(top);
      part.push(top);
    } while (top !== node);
    const selfImport = graph.get(node)?.includes(node) === true;
    if (part.length > 1 || selfImport) circles.push(part.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return circles;
}

describe('import circles', () => {
  it('finds a circle, a type-only one too, and nothing in a tree', () => {
    const files: Record<string, string> = {
      'a/store.ts': "import { load } from './load.js';\n",
      'a/load.ts': "import type { State } from './store.js';\nimport { x } from '../b/x.js';\n",
      'b/x.ts': 'export const x = 1;\n',
      'b/y.ts': "export * from './x.js';\nconst later = import('./x.js');\n",
    };
    const graph = importGraph(Object.keys(files), (f) => files[f] ?? '');
    expect(graph.get('b/y.ts')).toEqual(['b/x.ts', 'b/x.ts']);
    expect(importCircles(graph)).toEqual([['a/load.ts', 'a/store.ts']]);
  });

  it('has none in native/, electron/ and renderer/src/', () => {
    const files = SOURCES.flatMap((dir) => sourceFiles(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(200);
    const graph = importGraph(files, (file) => readFileSync(file, 'utf8'));
    const circles = importCircles(graph).map((part) => part.map((f) => relative(ROOT, f)));
    expect(circles).toEqual([]);
  });
});
