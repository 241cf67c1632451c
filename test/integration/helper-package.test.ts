// The packaged app as electron-builder lays it out (`--linux dir`, offline: a stand-in Electron
// distribution via electronDist): the helper wrapper and polkit policy as resources, koffi's
// native module unpacked from the asar, the app's files and production dependencies only.
// Packs the checkout itself (its dist/ from `npm run build`, its node_modules): a staged copy
// with node_modules linked in made electron-builder's module collector depend on where the
// checkout lives (in /tmp it collected nothing to unpack).
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string, options: object): string[];
  extractFile(archive: string, file: string): Buffer;
};

const temp = mkdtempSync(join(tmpdir(), 'subflow-package-'));
const out = join(temp, 'out');
const app = join(out, 'linux-unpacked');
const archive = join(app, 'resources', 'app.asar');

function file(path: string, text: string, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, mode);
}

beforeAll(() => {
  // A stand-in Electron distribution: what electron-builder copies and renames.
  const electronDist = join(temp, 'electron-dist');
  file(join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n', 0o755);
  file(join(electronDist, 'chrome-sandbox'), '', 0o755);
  file(join(electronDist, 'LICENSE'), '');
  file(join(electronDist, 'version'), '45.3.4');
  mkdirSync(join(electronDist, 'resources'));

  for (const built of ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer']) {
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run npm run build`);
  }

  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'electron-builder'),
    [
      '--linux',
      'dir',
      '--projectDir',
      ROOT,
      '--config',
      'build/electron-builder.yml',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${out}`,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } },
  );
}, 170_000);

afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('the packaged app', () => {
  it('is the Electron binary renamed to subflow, with chrome-sandbox', () => {
    expect(statSync(join(app, 'subflow')).mode & 0o111).not.toBe(0);
    expect(existsSync(join(app, 'chrome-sandbox'))).toBe(true);
  });

  it('carries the helper wrapper (executable), the polkit policy and the agent unit as resources', () => {
    const helper = join(app, 'resources', 'helper', 'subflow-helper');
    expect(statSync(helper).mode & 0o777).toBe(0o755);
    expect(readFileSync(helper, 'utf8')).toBe(
      readFileSync(join(ROOT, 'build/helper/subflow-helper'), 'utf8'),
    );
    expect(
      readFileSync(join(app, 'resources', 'polkit', 'org.subflow.helper.policy'), 'utf8'),
    ).toContain('/usr/lib/subflow/subflow-helper');
    // The agent's systemd unit, which after-install copies to /lib/systemd/system/.
    expect(readFileSync(join(app, 'resources', 'systemd', 'subflow-agent.service'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'build/linux/subflow-agent.service'), 'utf8'),
    );
  });

  it('puts the app files and production dependencies in the asar, without maps or dev tools', () => {
    const files = asar.listPackage(archive, {});
    for (const expected of [
      '/package.json',
      '/dist/electron/main.js',
      '/dist/electron/cli.js',
      '/dist/electron/preload.cjs',
      '/dist/native/kernel/kernel-thread.js',
      '/dist/renderer/index.html',
      '/node_modules/koffi/package.json',
      '/node_modules/ws/package.json',
      '/node_modules/zod/package.json',
    ]) {
      expect(files).toContain(expected);
    }
    expect(files).not.toContain('/dist/electron/main.js.map');
    expect(files.some((f) => f.startsWith('/node_modules/vitest/'))).toBe(false);
    expect(files.some((f) => f.startsWith('/node_modules/electron/'))).toBe(false);
    expect(files.some((f) => f.startsWith('/build/'))).toBe(false);
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString()) as Record<
      string,
      unknown
    >;
    expect(pkg).toMatchObject({
      main: 'dist/electron/main.js',
      type: 'module',
      desktopName: 'subflow.desktop',
    });
  });

  it("unpacks koffi's native module next to the asar", () => {
    const unpacked = join(
      app,
      'resources',
      'app.asar.unpacked',
      'node_modules',
      '@koromix',
      'koffi-linux-x64',
    );
    const native = readFileSync(join(unpacked, 'linux_x64', 'koffi.node'));
    expect(native.subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  });
});
