// Which features each kind of Subflow process puts behind its Host: one table instead of four
// assembly paths that differed silently. Every role watches one namespace with the monitor
// (snapshots, events, history), so the monitor is not a row entry. Pure.

/**
 * The process a Host is started for: `subflow serve`, `subflow agent` (the system service), the
 * desktop app, the privileged helper.
 */
export type HostKind = 'serve' | 'agent' | 'desktop' | 'helper';

/** A part of a Host beyond the monitor. */
export type Feature =
  /** multipath:set and limits:set on the watched namespace (control/). */
  | 'control'
  /** doctor:run and doctor:apply (doctor/). */
  | 'doctor'
  /** Recording, replay of recorded sessions and their reports (session/, report/). */
  | 'sessions'
  /** The live failover detector (monitor/failover-watch.ts): failover and follow-up events. */
  | 'failovers'
  /** A Prometheus collector fed by the ticks and the failover detector (metrics/). */
  | 'metrics'
  /**
   * Re-applies remembered multipath modes when their interface comes back (rtnetlink
   * notifications; control/reapply-watch.ts). Every role shows the remembered modes and owners.
   */
  | 'reapply';

export interface RoleFeatures {
  /** What the role always has. */
  readonly always: readonly Feature[];
  /** What it has when the caller asks (a command-line flag). */
  readonly optional: readonly Feature[];
}

/**
 * The table. Why each row is what it is:
 * - serve: everything; metrics only with --metrics (a listening port the person chose).
 * - agent: serve's features without metrics. It exists to keep remembered choices while no
 *   window is open, so it refuses to start without CAP_NET_ADMIN (cli/agent-command.ts) and its
 *   reapply is always active; nothing scrapes it (a service with no flags to ask for a port).
 * - desktop: no metrics (nothing scrapes a desktop app). It runs the failover detector because its
 *   timeline shows failovers like serve's and its notifications announce the detector's events.
 * - helper: the kernel side only. Sessions stay with the app (a root process writing journals into
 *   a user's directory leaves files the user cannot remove). It runs the failover detector because
 *   once the app is elevated the window's ticks and events are the helper's, so without it the
 *   timeline and the notifications would lose failovers exactly when the helper serves.
 * - reapply: serve (when privileged), the agent (always privileged) and the helper, which can change endpoints; the desktop app
 *   as the user cannot, so it only shows the remembered modes and leaves re-applying to its
 *   helper or agent.
 */
export const ROLE_FEATURES: { readonly [K in HostKind]: RoleFeatures } = {
  serve: {
    always: ['control', 'doctor', 'sessions', 'failovers', 'reapply'],
    optional: ['metrics'],
  },
  agent: { always: ['control', 'doctor', 'sessions', 'failovers', 'reapply'], optional: [] },
  desktop: { always: ['control', 'doctor', 'sessions', 'failovers'], optional: [] },
  helper: { always: ['control', 'doctor', 'failovers', 'reapply'], optional: [] },
};

/**
 * The features of a Host for `role` with `asked` optional ones. Throws when one asked for is not
 * optional for that role (a programming error: the caller offered a flag the role does not have).
 */
export function featuresOf(role: HostKind, asked: readonly Feature[] = []): ReadonlySet<Feature> {
  const row = ROLE_FEATURES[role];
  const refused = asked.filter((f) => !row.optional.includes(f) && !row.always.includes(f));
  if (refused.length > 0) {
    const article = /^[aeiou]/.test(role) ? 'an' : 'a';
    throw new Error(`${article} ${role} host does not offer ${refused.join(', ')}`);
  }
  return new Set([...row.always, ...asked]);
}
