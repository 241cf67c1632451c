// The commands the dashboard's hints suggest, written the way this host runs Subflow
// (`subflow` when installed, `npx subflow` from a checkout: Snapshot.command), and only the
// ones that still make sense: no "lab up" while the lab is what is being watched. Pure.

/** The lab's default client namespace (`subflow lab up` without --prefix). */
const LAB_CLIENT_SUFFIX = '-cli';

/** How to run subflow here; 'subflow' when the host did not say (an older journal). */
export function subflowCommandOf(command: string | undefined): string {
  return command === 'npx subflow' ? 'npx subflow' : 'subflow';
}

/** The lab prefix of a watched namespace named like a lab client (PREFIX-cli), else null. */
export function labPrefixOf(netns: string | null): string | null {
  if (netns === null || !netns.endsWith(LAB_CLIENT_SUFFIX)) return null;
  const prefix = netns.slice(0, -LAB_CLIENT_SUFFIX.length);
  return /^[a-z][a-z0-9-]{0,11}$/.test(prefix) ? prefix : null;
}

export interface EmptyHints {
  /** Commands to make traffic, in order. */
  readonly commands: readonly string[];
  /** Where to watch it, or null when that is already what is watched. */
  readonly watch: string | null;
  /** Whether the lab is what is being watched. */
  readonly watchingLab: boolean;
}

/** What the "no MPTCP connections" state suggests, given what is watched and how. */
export function emptyConnectionHints(
  netns: string | null,
  command: string | undefined,
): EmptyHints {
  const sudo = `sudo ${subflowCommandOf(command)}`;
  const prefix = labPrefixOf(netns);
  if (prefix !== null) {
    const flag = prefix === 'subflow' ? '' : ` --prefix ${prefix}`;
    return { commands: [`${sudo} lab traffic${flag}`], watch: null, watchingLab: true };
  }
  return {
    commands: [`${sudo} lab up`, `${sudo} lab traffic`],
    watch: `${sudo} serve --netns subflow-cli`,
    watchingLab: false,
  };
}

/** The privileged `serve` of what is watched now: `sudo npx subflow serve --netns X`. */
export function privilegedServeCommand(netns: string | null, command: string | undefined): string {
  return `sudo ${subflowCommandOf(command)} serve${netns === null ? '' : ` --netns ${netns}`}`;
}
