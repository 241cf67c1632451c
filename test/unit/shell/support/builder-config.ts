// Shared by the build/ tests: the project root and electron-builder's own loader of
// build/electron-builder.yml (app-builder-lib internals, loaded as CommonJS).
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
export const CONFIG = join(ROOT, 'build', 'electron-builder.yml');
export const requireCjs = createRequire(import.meta.url);

/** A path of the project. */
export const inProject = (path: string) => join(ROOT, path);

/** The parts of the loaded config the tests read. */
export interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  /** getConfig normalises the list into one file set. */
  files: { filter: string[] }[];
  extraMetadata: { main: string; desktopName: string };
  asar: boolean;
  asarUnpack: string[];
  extraResources: { from: string; to: string }[];
  linux: {
    target: string[];
    executableName: string;
    category: string;
    icon: string;
    synopsis: string;
    description: string;
    desktop: { entry: Record<string, string> };
  };
  deb: { depends: string[]; afterInstall: string; afterRemove: string };
}

const configModule = requireCjs('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = requireCjs('builder-util') as {
  DebugLogger: new (enabled: boolean) => unknown;
};

/** build/electron-builder.yml as electron-builder loads it. */
export function loadBuilderConfig(): Promise<BuilderConfig> {
  return configModule.getConfig(ROOT, CONFIG, null);
}

/** electron-builder's own validation (its JSON schema, scheme.json, and a few rules). */
export function validateBuilderConfig(config: unknown): Promise<void> {
  return configModule.validateConfiguration(config, new DebugLogger(false));
}
