// Starting a worker thread from this folder: the compiled .js entry in a build, or, in a
// checkout where tests run the TypeScript sources, a bootstrap that registers tsx first (a
// worker does not inherit the parent's module hooks) and then imports the .ts entry.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export function startWorker(base: string, name: string, workerData: unknown): Worker {
  const js = new URL(`./${name}.js`, base);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData });
  const ts = new URL(`./${name}.ts`, base).href;
  const bootstrap =
    `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(ts)}); })` +
    `.catch((err) => { process.nextTick(() => { throw err; }); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
