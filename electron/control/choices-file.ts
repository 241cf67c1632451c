// The remembered multipath choices on disk: ${SUBFLOW_CONFIG_DIR:-/etc/subflow}/multipath-choices.json,
// readable by everyone (the unprivileged monitor and doctor read it; only a privileged change
// writes it). Written whole to a temporary file and renamed, so a reader never sees half a file.
// A file that cannot be read is reported, never fatal: the choices then count as unknown. The keys
// (interface name or NetworkManager profile) and the file's versions are described in choices.ts.
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { choiceFor, formatChoices, parseChoices, withChoice, withoutChoice } from './choices.js';
import type { ChoiceKey, MultipathChoice, NmProfile } from './choices.js';
import type { MultipathMode } from '../contract.js';

export const CHOICES_FILE = 'multipath-choices.json';
const DEFAULT_CONFIG_DIR = '/etc/subflow';

/** The configuration directory: SUBFLOW_CONFIG_DIR when set, else /etc/subflow. */
export const configDir = (env: NodeJS.ProcessEnv = process.env): string =>
  env.SUBFLOW_CONFIG_DIR?.trim() || DEFAULT_CONFIG_DIR;

/** What a load found: the choices (empty when unreadable) and why it could not read, if so. */
export interface ChoicesRead {
  readonly choices: readonly MultipathChoice[];
  /** A sentence naming the file, what went wrong and what to do; absent when read (or absent). */
  readonly problem?: string;
}

const errorCode = (err: unknown): string | undefined =>
  err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;

/** Remembered choices, kept in one file of a directory. */
export interface ChoiceStore {
  /** The file, for messages. */
  readonly path: string;
  /** Every choice; a missing file is no choice, an unreadable one a problem (never thrown). */
  load(): Promise<ChoicesRead>;
  /**
   * Records (or replaces) the choice for an interface: for its profile when one is given (the
   * device's active NetworkManager profile), else for its name. Throws when the file cannot be
   * written.
   */
  remember(
    netns: string | null,
    name: string,
    mode: MultipathMode,
    profile?: NmProfile | null,
  ): Promise<MultipathChoice>;
  /** Drops the choice of that key, if any. Throws when the file cannot be written. */
  forget(key: ChoiceKey): Promise<void>;
}

export function choiceStore(dir: string = configDir(), now: () => number = Date.now): ChoiceStore {
  const path = join(dir, CHOICES_FILE);

  async function load(): Promise<ChoicesRead> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return { choices: [] };
      const why = err instanceof Error ? err.message : String(err);
      return {
        choices: [],
        problem: `multipath choices: ${path} could not be read (${why}); check its permissions (it should be mode 0644)`,
      };
    }
    try {
      return { choices: parseChoices(text) };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return {
        choices: [],
        problem: `multipath choices: ${path} ${why}; switch multipath again to rewrite it, or delete it to forget every choice`,
      };
    }
  }

  /** Loads for a change: an unreadable file is not silently replaced by a new one. */
  async function current(): Promise<readonly MultipathChoice[]> {
    const read = await load();
    if (read.problem !== undefined) throw new Error(read.problem);
    return read.choices;
  }

  async function write(choices: readonly MultipathChoice[]): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o755 });
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, formatChoices(choices), { mode: 0o644 });
      // The umask may have narrowed the mode; readers without privileges need 0644.
      await chmod(temporary, 0o644);
      await rename(temporary, path);
    } catch (err) {
      await rm(temporary, { force: true });
      throw err;
    }
  }

  return {
    path,
    load,
    async remember(netns, name, mode, profile) {
      const choice: MultipathChoice = {
        netns,
        interface: name,
        ...(profile ? { profile: { uuid: profile.uuid, name: profile.name } } : {}),
        mode,
        time: now(),
      };
      await write(withChoice(await current(), choice));
      return choice;
    },
    async forget(key) {
      const choices = await current();
      if (choiceFor(choices, key) === undefined) return;
      await write(withoutChoice(choices, key));
    },
  };
}
