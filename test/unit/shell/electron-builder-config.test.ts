// build/electron-builder.yml, checked by electron-builder's own loader and schema validation:
// what it builds, the files it names, koffi's native files unpacked, the deb's dependencies and
// the .desktop entry electron-builder will write from it.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuilderConfig } from './support/builder-config.js';
import {
  ROOT,
  inProject,
  loadBuilderConfig,
  requireCjs as require,
  validateBuilderConfig,
} from './support/builder-config.js';

let config: BuilderConfig;
// Loading electron-builder and its schema takes seconds on a busy 2-core machine.
const LOAD_MS = 60_000;
beforeAll(async () => {
  config = await loadBuilderConfig();
}, LOAD_MS);

describe('the electron-builder config', () => {
  it(
    "passes electron-builder's own schema validation",
    async () => {
      await expect(validateBuilderConfig(config)).resolves.toBeUndefined();
    },
    LOAD_MS,
  );

  it(
    'would be refused if it were wrong (the validation does check)',
    async () => {
      const broken = { ...config, linux: { ...config.linux, targte: ['deb'] } };
      await expect(validateBuilderConfig(broken)).rejects.toThrow(/configuration\.linux/);
    },
    LOAD_MS,
  );

  it('names the app and the targets', () => {
    expect(config.appId).toBe('org.subflow.app');
    expect(config.productName).toBe('Subflow');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category.split(';')[0]).toBe('Network');
    expect(config.linux.executableName).toBe('subflow');
    expect(config.extraMetadata.main).toBe('dist/electron/main.js');
    expect(config.asar).toBe(true);
  });

  it('names files that exist', () => {
    expect(statSync(inProject(config.directories.buildResources)).isDirectory()).toBe(true);
    for (const { from } of config.extraResources) expect(existsSync(inProject(from))).toBe(true);
    expect(statSync(inProject(config.deb.afterInstall)).isFile()).toBe(true);
    expect(statSync(inProject(config.deb.afterRemove)).isFile()).toBe(true);
    // The main entry and the preload are what tsc and the preload bundle produce.
    expect(
      existsSync(inProject(config.extraMetadata.main.replace('dist/', '').replace('.js', '.ts'))),
    ).toBe(true);
    const filter = config.files.flatMap((set) => set.filter);
    for (const dir of ['dist/electron/**', 'dist/native/**', 'dist/renderer/**']) {
      expect(filter).toContain(dir);
    }
  });

  it('has the icons at 256 and 512 pixels, rendered from the SVG', () => {
    const icons = inProject(config.linux.icon);
    for (const size of [256, 512]) {
      const png = readFileSync(join(icons, `${size}x${size}.png`));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
    expect(readFileSync(join(icons, 'subflow.svg'), 'utf8')).toContain('<svg');
  });

  it('unpacks every native file of koffi from the asar', () => {
    const nativeFiles: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.node')) nativeFiles.push(relative(ROOT, path));
      }
    };
    for (const dir of ['node_modules/koffi', 'node_modules/@koromix']) walk(inProject(dir));
    expect(nativeFiles.length).toBeGreaterThan(0);
    const patterns = config.asarUnpack.map(globToRegExp);
    for (const file of nativeFiles)
      expect(
        patterns.some((p) => p.test(file)),
        file,
      ).toBe(true);
  });

  it("keeps electron-builder's default deb dependencies and adds pkexec", () => {
    const fpm = require('app-builder-lib/out/targets/FpmTarget.js') as {
      default: { prototype: { getDefaultDepends(target: string): string[] } };
    };
    const defaults = fpm.default.prototype.getDefaultDepends.call(null, 'deb');
    expect(defaults.length).toBeGreaterThan(5);
    for (const dependency of defaults) expect(config.deb.depends).toContain(dependency);
    expect(config.deb.depends).toContain('pkexec | policykit-1');
  });

  it('makes electron-builder write a complete .desktop entry', async () => {
    const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper.js') as {
      LinuxTargetHelper: new (packager: unknown) => {
        computeDesktopEntry(options: unknown): Promise<string>;
      };
    };
    const packager = {
      appInfo: {
        productName: config.productName,
        sanitizedProductName: config.productName,
        description: 'from package.json',
      },
      executableName: config.linux.executableName,
      info: { metadata: { desktopName: config.extraMetadata.desktopName } },
      fileAssociations: [],
      config: {},
      platformSpecificBuildOptions: config.linux,
    };
    const text = await new LinuxTargetHelper(packager).computeDesktopEntry(config.linux);
    const entry = Object.fromEntries(
      text
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(text.startsWith('[Desktop Entry]')).toBe(true);
    expect(entry).toMatchObject({
      Name: 'Subflow',
      GenericName: 'Multipath TCP Monitor',
      Type: 'Application',
      Terminal: 'false',
      Icon: 'subflow',
      Exec: '/opt/Subflow/subflow %U',
      Categories: 'Network;Monitor;',
      StartupWMClass: 'subflow',
    });
    expect(entry.Keywords).toMatch(/^MPTCP;.*;$/);
    expect(entry.Comment).toContain('Multipath TCP');
  });
});

function globToRegExp(glob: string): RegExp {
  const source = glob
    .split('**')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('.*');
  return new RegExp(`^${source}$`);
}
