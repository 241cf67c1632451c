// `multipath:forget`: drops the mode remembered for an interface of a namespace. The interface
// keeps its current endpoints; Subflow only stops re-applying the mode when it comes back.
import type { ChoiceStore } from './choices-file.js';
import { choiceFor } from './choices.js';
import { ControlError } from './control-error.js';

/** Forgets the choice; resolves whether there was one. Throws ControlError saying what to do. */
export async function forgetChoice(
  store: ChoiceStore,
  netns: string | null,
  name: string,
): Promise<{ forgotten: boolean }> {
  const read = await store.load();
  if (read.problem !== undefined) throw new ControlError('internal', read.problem);
  if (choiceFor(read.choices, netns, name) === undefined) return { forgotten: false };
  try {
    await store.forget(netns, name);
  } catch (err) {
    const code =
      err instanceof Error && 'code' in err && (err.code === 'EACCES' || err.code === 'EPERM')
        ? 'permission'
        : 'internal';
    const why = err instanceof Error ? err.message : String(err);
    throw new ControlError(
      code,
      `the remembered mode of ${name} could not be forgotten: ${store.path} could not be ` +
        `written (${why}); run Subflow with administrator rights, or set SUBFLOW_CONFIG_DIR to a ` +
        'writable directory',
    );
  }
  return { forgotten: true };
}
