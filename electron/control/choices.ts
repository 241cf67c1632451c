// Multipath modes a person chose, remembered per namespace (null = the host's own) and either
// interface name or NetworkManager connection profile, so that the doctor does not "fix" a choice
// and a later start or comeback can apply it again. The pure part: the file's shape, its parsing
// (with the migration of older versions), the list operations and which choice is in force.
//
// The rules, also in the README ("Remembered multipath choices"):
// - Two kinds of key. A choice made on a device that has an active NetworkManager profile is kept
//   for that profile (its UUID, with its name for display), so "backup on my phone's hotspot"
//   follows the hotspot profile and not wlan0 when wlan0 joins home Wi-Fi. Any other choice is
//   kept for the interface name.
// - When both exist for an interface, the profile's choice wins (it is the more specific one).
//   A profile's choice applies only while its device has that profile active; otherwise the
//   interface name's choice (if any) applies.
// - Where NetworkManager does not run in the namespace, no profile is known: only name choices
//   apply, and profile choices wait until it does.
// - The file is versioned. Version 1 (name keys only) is still read; it is written as version 2
//   at the next change. A file of a newer version is refused and left as it is.
import { z } from 'zod';
import type { ConnectionProfile, MultipathMode } from '../contract.js';

/** A NetworkManager connection profile: its UUID (the key) and its name (to show). */
export type NmProfile = ConnectionProfile;

/** One remembered choice. */
export interface MultipathChoice {
  /** Named namespace (as `--netns` gives it), or null for the host's own. */
  readonly netns: string | null;
  /** The interface: the key of a name choice, the device it was made on for a profile one. */
  readonly interface: string;
  /** The profile the choice is kept for; absent for a choice kept for the interface name. */
  readonly profile?: NmProfile;
  readonly mode: MultipathMode;
  /** When it was made, ms since the epoch. */
  readonly time: number;
}

/** What identifies a choice: the namespace and a profile UUID, or the interface name. */
export interface ChoiceKey {
  readonly netns: string | null;
  readonly interface: string;
  /** The UUID of a profile's choice; absent for the interface name's choice. */
  readonly profile?: string;
}

/** The version written. Versions 1 and 2 are read; a newer one is refused, not guessed at. */
export const CHOICES_VERSION = 2;

const mode = z.enum(['on', 'off', 'backup'] as const satisfies readonly MultipathMode[]);
const netns = z.string().min(1).nullable();
const time = z.number().int().nonnegative();

const v1Schema = z.object({
  version: z.literal(1),
  choices: z.array(z.strictObject({ netns, interface: z.string().min(1), mode, time })),
});

const v2Schema = z.object({
  version: z.literal(2),
  choices: z.array(
    z.strictObject({
      netns,
      interface: z.string().min(1),
      profile: z.strictObject({ uuid: z.string().min(1), name: z.string() }).optional(),
      mode,
      time,
    }),
  ),
});

const versionOnly = z.object({ version: z.number().int() });

/**
 * The choices of a file's text, of version 1 or 2. Throws an Error saying what is wrong (not
 * JSON, another version, a malformed entry), for the caller to report.
 */
export function parseChoices(text: string): MultipathChoice[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`it is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const version = versionOnly.safeParse(json);
  if (version.success && version.data.version > CHOICES_VERSION) {
    throw new Error(
      `is a version ${version.data.version} choices file, written by a newer Subflow (this one ` +
        `reads versions 1 and ${CHOICES_VERSION})`,
    );
  }
  const parsed = (version.success && version.data.version === 1 ? v1Schema : v2Schema).safeParse(
    json,
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw new Error(
      `it is not a version 1 or ${CHOICES_VERSION} choices file (${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'})`,
    );
  }
  return parsed.data.choices;
}

/** The text written to the file (always the current version): stable order, one per line. */
export function formatChoices(choices: readonly MultipathChoice[]): string {
  const sorted = [...choices].sort(
    (a, b) =>
      (a.netns ?? '').localeCompare(b.netns ?? '') ||
      a.interface.localeCompare(b.interface) ||
      (a.profile?.uuid ?? '').localeCompare(b.profile?.uuid ?? ''),
  );
  const lines = sorted.map((c) => `    ${JSON.stringify(c)}`);
  return `{\n  "version": ${CHOICES_VERSION},\n  "choices": [\n${lines.join(',\n')}${lines.length ? '\n' : ''}  ]\n}\n`;
}

/** The key of a choice. */
export const keyOf = (c: MultipathChoice): ChoiceKey => ({
  netns: c.netns,
  interface: c.interface,
  ...(c.profile ? { profile: c.profile.uuid } : {}),
});

/** A profile's choice matches by UUID whatever its device; a name choice by interface name. */
const sameKey = (c: MultipathChoice, key: ChoiceKey): boolean =>
  c.netns === key.netns &&
  (key.profile !== undefined
    ? c.profile?.uuid === key.profile
    : c.profile === undefined && c.interface === key.interface);

/** The list with `choice` replacing any earlier one of the same key. */
export const withChoice = (
  choices: readonly MultipathChoice[],
  choice: MultipathChoice,
): MultipathChoice[] => [...choices.filter((c) => !sameKey(c, keyOf(choice))), choice];

/** The list without the choice of that key. */
export const withoutChoice = (
  choices: readonly MultipathChoice[],
  key: ChoiceKey,
): MultipathChoice[] => choices.filter((c) => !sameKey(c, key));

/** The choice of exactly that key, if one was made. */
export const choiceFor = (
  choices: readonly MultipathChoice[],
  key: ChoiceKey,
): MultipathChoice | undefined => choices.find((c) => sameKey(c, key));

/**
 * The choice in force for an interface whose device has `profile` active (null: none, or
 * NetworkManager does not run there): the profile's choice, else the interface name's.
 */
export function choiceInForce(
  choices: readonly MultipathChoice[],
  netns: string | null,
  name: string,
  profile: NmProfile | null,
): MultipathChoice | undefined {
  const byProfile =
    profile !== null
      ? choiceFor(choices, { netns, interface: name, profile: profile.uuid })
      : undefined;
  return byProfile ?? choiceFor(choices, { netns, interface: name });
}

/** "for profile 'Pixel hotspot'" or "for wlan0": the key of a choice, in words. */
export const rememberedFor = (choice: MultipathChoice): string =>
  choice.profile ? `for profile '${choice.profile.name}'` : `for ${choice.interface}`;
