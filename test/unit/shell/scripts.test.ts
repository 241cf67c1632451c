// scripts/start.mjs and scripts/dist.mjs: finding the Electron binary without loading the
// electron package, the one line printed where it is missing, and electron-builder's arguments.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

type Found = { ok: true; path: string } | { ok: false; reason: string };
interface StartScript {
  findElectron: (root: string, env: Record<string, string | undefined>) => Found;
}
interface DistScript {
  packageMetadataProblem: (pkg: Record<string, unknown>) => string | null;
  builderArgs: (env: Record<string, string | undefined>, extra: string[]) => string[];
  buildsSystemPackage: (extra: string[]) => boolean;
  nodeVersionProblem: (version: string) => string | null;
}
const load = async <T>(name: string) =>
  (await import(pathToFileURL(join(ROOT, 'scripts', name)).href)) as T;

const temp = mkdtempSync(join(tmpdir(), 'subflow-scripts-'));
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('scripts/start.mjs', () => {
  it('finds the binary named by node_modules/electron/path.txt, or says why not', async () => {
    const { findElectron } = await load<StartScript>('start.mjs');
    const checkout = join(temp, 'checkout');
    const pkg = join(checkout, 'node_modules', 'electron');
    mkdirSync(pkg, { recursive: true });
    expect(findElectron(checkout, {})).toEqual({
      ok: false,
      reason: 'the Electron binary was never downloaded (no node_modules/electron/path.txt)',
    });
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    const notThere = findElectron(checkout, {});
    expect(notThere.ok ? '' : notThere.reason).toContain('node_modules/electron/dist/electron');
    mkdirSync(join(pkg, 'dist'));
    writeFileSync(join(pkg, 'dist', 'electron'), '');
    chmodSync(join(pkg, 'dist', 'electron'), 0o755);
    expect(findElectron(checkout, {})).toEqual({ ok: true, path: join(pkg, 'dist', 'electron') });
    expect(findElectron(checkout, { ELECTRON_OVERRIDE_DIST_PATH: join(pkg, 'dist') })).toEqual({
      ok: true,
      path: join(pkg, 'dist', 'electron'),
    });
    expect(findElectron(checkout, { ELECTRON_OVERRIDE_DIST_PATH: temp }).ok).toBe(false);
  });

  it('prints one line pointing to npm run serve where Electron cannot run, and builds nothing', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(temp, 'no-electron-here') },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^subflow: cannot start the desktop app: .*npm run serve/);
  });
});

describe('scripts/dist.mjs', () => {
  it('wants a homepage and a maintainer e-mail for system packages only', async () => {
    const dist = await load<DistScript>('dist.mjs');
    expect(dist.packageMetadataProblem({})).toContain('"homepage" and "author" with an e-mail');
    expect(dist.packageMetadataProblem({ homepage: 'https://x', author: 'A <a@b.c>' })).toBeNull();
    expect(
      dist.packageMetadataProblem({ homepage: 'https://x', author: { name: 'A', email: 'a@b.c' } }),
    ).toBeNull();
    expect(dist.buildsSystemPackage([])).toBe(true);
    expect(dist.buildsSystemPackage(['--linux', 'AppImage'])).toBe(false);
    expect(dist.buildsSystemPackage(['--linux', 'dir'])).toBe(false);
    expect(dist.buildsSystemPackage(['--linux', 'AppImage', 'deb'])).toBe(true);
  });

  it('passes the config, Linux and an offline Electron to electron-builder', async () => {
    const dist = await load<DistScript>('dist.mjs');
    expect(dist.builderArgs({}, [])).toEqual(['--config', 'build/electron-builder.yml', '--linux']);
    expect(
      dist.builderArgs({ SUBFLOW_ELECTRON_DIST: '/opt/electron-45' }, ['--linux', 'dir']),
    ).toEqual([
      '--config',
      'build/electron-builder.yml',
      '-c.electronDist=/opt/electron-45',
      '--linux',
      'dir',
    ]);
  });

  it('says the packages need Node 22.12+ where an older Node runs it', async () => {
    const dist = await load<DistScript>('dist.mjs');
    expect(dist.nodeVersionProblem('20.20.2')).toMatch(
      /needs Node 22\.12 or newer .*this is Node 20\.20\.2\. The command, the dashboard and the tests run on Node 20\.19\+/,
    );
    expect(dist.nodeVersionProblem('22.11.0')).not.toBeNull();
    expect(dist.nodeVersionProblem('22.12.0')).toBeNull();
    expect(dist.nodeVersionProblem('24.1.0')).toBeNull();
  });
});
