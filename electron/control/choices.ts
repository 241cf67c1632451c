// Multipath modes a person chose, remembered per namespace (null = the host's own) and
// interface, so that the doctor does not "fix" a choice and a later start can apply it again.
// The pure part: the file's shape, its parsing, and the list operations. File I/O is in
// choices-file.ts.
import { z } from 'zod';
import type { MultipathMode } from '../contract.js';

/** One remembered choice. */
export interface MultipathChoice {
  /** Named namespace (as `--netns` gives it), or null for the host's own. */
  readonly netns: string | null;
  readonly interface: string;
  readonly mode: MultipathMode;
  /** When it was made, ms since the epoch. */
  readonly time: number;
}

/** The file's version: a reader refuses a file of another version instead of guessing. */
export const CHOICES_VERSION = 1;

const choiceSchema = z.strictObject({
  netns: z.string().min(1).nullable(),
  interface: z.string().min(1),
  mode: z.enum(['on', 'off', 'backup'] as const satisfies readonly MultipathMode[]),
  time: z.number().int().nonnegative(),
});

const fileSchema = z.object({
  version: z.literal(CHOICES_VERSION),
  choices: z.array(choiceSchema),
});

/**
 * The choices of a file's text. Throws an Error saying what is wrong (not JSON, another version,
 * a malformed entry), for the caller to report.
 */
export function parseChoices(text: string): MultipathChoice[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`it is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw new Error(
      `it is not a version ${CHOICES_VERSION} choices file (${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'})`,
    );
  }
  return parsed.data.choices;
}

/** The text written to the file: stable order, one entry per line. */
export function formatChoices(choices: readonly MultipathChoice[]): string {
  const sorted = [...choices].sort(
    (a, b) =>
      (a.netns ?? '').localeCompare(b.netns ?? '') || a.interface.localeCompare(b.interface),
  );
  const lines = sorted.map((c) => `    ${JSON.stringify(c)}`);
  return `{\n  "version": ${CHOICES_VERSION},\n  "choices": [\n${lines.join(',\n')}${lines.length ? '\n' : ''}  ]\n}\n`;
}

const sameKey = (c: MultipathChoice, netns: string | null, name: string): boolean =>
  c.netns === netns && c.interface === name;

/** The list with `choice` replacing any earlier one for the same namespace and interface. */
export const withChoice = (
  choices: readonly MultipathChoice[],
  choice: MultipathChoice,
): MultipathChoice[] => [
  ...choices.filter((c) => !sameKey(c, choice.netns, choice.interface)),
  choice,
];

/** The list without the choice for that namespace and interface. */
export const withoutChoice = (
  choices: readonly MultipathChoice[],
  netns: string | null,
  name: string,
): MultipathChoice[] => choices.filter((c) => !sameKey(c, netns, name));

/** The choice for an interface of a namespace, if one was made. */
export const choiceFor = (
  choices: readonly MultipathChoice[],
  netns: string | null,
  name: string,
): MultipathChoice | undefined => choices.find((c) => sameKey(c, netns, name));
