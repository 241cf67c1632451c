// `multipath:forget`: drops a remembered mode, by its key (a NetworkManager profile's UUID, or an
// interface name, in a namespace). The interface keeps its current endpoints; Subflow only stops
// re-applying the mode when it comes back.
import type { ChoiceStore } from './choices-file.js';
import { choiceFor, rememberedFor } from './choices.js';
import type { ChoiceKey } from './choices.js';
import { ControlError } from './control-error.js';

/** Forgets the choice; resolves whether there was one. Throws ControlError saying what to do. */
export async function forgetChoice(
  store: ChoiceStore,
  key: ChoiceKey,
): Promise<{ forgotten: boolean }> {
  const read = await store.load();
  if (read.problem !== undefined) throw new ControlError('internal', read.problem);
  const choice = choiceFor(read.choices, key);
  if (choice === undefined) return { forgotten: false };
  try {
    await store.forget(key);
  } catch (err) {
    const code =
      err instanceof Error && 'code' in err && (err.code === 'EACCES' || err.code === 'EPERM')
        ? 'permission'
        : 'internal';
    const why = err instanceof Error ? err.message : String(err);
    throw new ControlError(
      code,
      `the mode remembered ${rememberedFor(choice)} could not be forgotten: ${store.path} could not be ` +
        `written (${why}); run Subflow with administrator rights, or set SUBFLOW_CONFIG_DIR to a ` +
        'writable directory',
    );
  }
  return { forgotten: true };
}
