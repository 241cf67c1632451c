// `npm run dist`: builds Subflow, then its Linux packages (AppImage and .deb, see
// build/electron-builder.yml) into release/. electron-builder downloads Electron unless it is
// given one: offline, set SUBFLOW_ELECTRON_DIST to an unpacked Electron 45 for linux-x64 (the
// directory holding the `electron` binary), which becomes `-c.electronDist`. Arguments after
// `--` go to electron-builder (e.g. npm run dist -- --linux dir).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = 'build/electron-builder.yml';

/**
 * What stops a .deb from being built, or null: fpm needs the package's homepage and a
 * maintainer with an e-mail address.
 * @param {Record<string, unknown>} pkg package.json
 */
export function packageMetadataProblem(pkg) {
  const author = pkg.author;
  const email =
    typeof author === 'string' ? /<[^>]+@[^>]+>/.test(author) : typeof author?.email === 'string';
  const missing = [
    typeof pkg.homepage === 'string' ? null : '"homepage"',
    email ? null : '"author" with an e-mail address',
  ].filter(Boolean);
  return missing.length === 0
    ? null
    : `package.json needs ${missing.join(' and ')} for the .deb (fpm puts them in its control file)`;
}

/**
 * electron-builder's arguments.
 * @param {Record<string, string | undefined>} env
 * @param {string[]} extra
 */
export function builderArgs(env, extra) {
  const args = ['--config', CONFIG];
  if (!extra.some((a) => a === '--linux' || a.startsWith('--linux='))) args.push('--linux');
  if (env.SUBFLOW_ELECTRON_DIST) args.push(`-c.electronDist=${env.SUBFLOW_ELECTRON_DIST}`);
  return [...args, ...extra];
}

/** The oldest Node that electron 45's packaging tools (@electron/rebuild, node-abi) declare. */
const DIST_NODE = [22, 12];

/**
 * Why this Node cannot build the packages, or null.
 * @param {string} version process.versions.node, e.g. "20.20.2"
 */
export function nodeVersionProblem(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [needMajor, needMinor] = DIST_NODE;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return null;
  return (
    `building the desktop packages needs Node ${needMajor}.${needMinor} or newer ` +
    `(electron-builder's tools declare it); this is Node ${version}. ` +
    'The command, the dashboard and the tests run on Node 20.19+'
  );
}

const TARGETS = ['AppImage', 'deb', 'rpm', 'dir', 'tar.gz', 'tar.xz', 'zip', 'snap', 'pacman'];

/**
 * Whether the requested targets include a system package (.deb/.rpm), which needs metadata;
 * without explicit targets the config's own (AppImage and deb) are built.
 * @param {string[]} extra
 */
export function buildsSystemPackage(extra) {
  const named = extra.filter((a) => TARGETS.includes(a));
  return named.length === 0 || named.includes('deb') || named.includes('rpm');
}

function main() {
  const extra = process.argv.slice(2);
  const tooOld = nodeVersionProblem(process.versions.node);
  if (tooOld) {
    process.stderr.write(`subflow dist: ${tooOld}\n`);
    process.exitCode = 1;
    return;
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const problem = buildsSystemPackage(extra) ? packageMetadataProblem(pkg) : null;
  if (problem) {
    process.stderr.write(`subflow dist: ${problem}\n`);
    process.exitCode = 1;
    return;
  }
  const dist = process.env.SUBFLOW_ELECTRON_DIST;
  if (dist && !existsSync(join(dist, 'electron'))) {
    process.stderr.write(`subflow dist: SUBFLOW_ELECTRON_DIST=${dist} holds no electron binary\n`);
    process.exitCode = 1;
    return;
  }
  const run = (command, args) => spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' }).status;
  if (run('npm', ['run', 'build']) !== 0) {
    process.stderr.write('subflow dist: the build failed (see above)\n');
    process.exitCode = 1;
    return;
  }
  const builder = join(ROOT, 'node_modules', '.bin', 'electron-builder');
  const status = run(builder, builderArgs(process.env, extra));
  if (status !== 0) {
    process.stderr.write(
      'subflow dist: electron-builder failed (see above)' +
        (dist
          ? '\n'
          : '; offline, download electron-v45 linux-x64 elsewhere, unzip it and set SUBFLOW_ELECTRON_DIST to that directory\n'),
    );
  }
  process.exitCode = status ?? 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
