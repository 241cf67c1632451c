// `npm start`: builds Subflow (npm run build), then runs the desktop app in Electron. Where the
// Electron binary is not there (and cannot be downloaded, as on offline machines) it says so in
// one line and points to the headless shell instead. The binary is found the way the electron
// package's index.js does — node_modules/electron/path.txt naming a file under dist/ — without
// loading that package, whose index.js would try to download the binary.
// Arguments after `--` go to the app (e.g. npm start -- --allow-root).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Where the Electron binary is, or why there is none.
 * @param {string} root the checkout
 * @param {Record<string, string | undefined>} env
 * @returns {{ ok: true, path: string } | { ok: false, reason: string }}
 */
export function findElectron(root, env) {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const path = join(override, name || 'electron');
    return existsSync(path)
      ? { ok: true, path }
      : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron binary (${path})` };
  }
  if (name === null || name === '') {
    return {
      ok: false,
      reason: 'the Electron binary was never downloaded (no node_modules/electron/path.txt)',
    };
  }
  const path = join(pkg, 'dist', name);
  return existsSync(path)
    ? { ok: true, path }
    : {
        ok: false,
        reason: `the Electron binary is missing (${join('node_modules/electron/dist', name)})`,
      };
}

/** The one line printed where Electron cannot run. */
export function missingElectronLine(reason) {
  return (
    `subflow: cannot start the desktop app: ${reason}; where Electron can be downloaded run ` +
    '`npx install-electron`, otherwise `npm run serve` shows the same dashboard in a browser'
  );
}

function main() {
  const electron = findElectron(ROOT, process.env);
  if (!electron.ok) {
    process.stderr.write(`${missingElectronLine(electron.reason)}\n`);
    process.exitCode = 1;
    return;
  }
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write('subflow: the build failed (see above); fix it and run npm start again\n');
    process.exitCode = build.status ?? 1;
    return;
  }
  const app = spawn(electron.path, [ROOT, ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
  app.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
