// The `subflow agent` service as the desktop app's privileged side: the app reads the rendezvous
// file (agent-rendezvous.ts decides whether to use it), connects, and serves the window from the
// agent; if the agent goes away later, the window carries on with the app's own side
// (switching-host.ts), and says so.
import { SERVICE_ADVICE, connectAgent } from '../helper/agent-link.js';
import { decideAgentUse, rendezvousPath } from '../helper/agent-rendezvous.js';
import { readRendezvousFacts } from '../helper/rendezvous-file.js';
import type { Host } from '../host/host.js';
import { createSwitchingHost } from './switching-host.js';

/** A Host for the window and how to stop it (the shape of desktop-host.ts's DesktopHost). */
export interface WindowHost {
  readonly host: Host;
  /** What serves the window, for the log. */
  readonly source: string;
  close(): Promise<void>;
}

/** What {@link announcedAgent} needs from the app. */
export interface AnnouncedAgentOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Lines for the app's log. */
  readonly log: (line: string) => void;
  /** Told when the agent went away, and what the window does now. */
  readonly onLost: (message: string) => void;
  /** Starts the app's own side, for when the agent goes away. */
  readonly startLocal: () => Promise<WindowHost>;
}

/**
 * The `subflow agent` announced in the rendezvous file, connected; null (with a log line saying
 * why, where the person can do something about it) when the app should use its own side. When
 * the agent goes away later, the window carries on with the app's own side (`startLocal`).
 */
export async function announcedAgent(options: AnnouncedAgentOptions): Promise<WindowHost | null> {
  const path = rendezvousPath(options.env);
  const decision = decideAgentUse(path, readRendezvousFacts(path));
  if (decision.use === 'local') {
    if (decision.log !== null) options.log(decision.log);
    return null;
  }
  const { display } = decision.target;
  let remote;
  try {
    remote = await connectAgent(decision.target, options.log, SERVICE_ADVICE);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    options.log(`${path} announces an agent the app cannot use (${why}); it uses its own helper.`);
    return null;
  }
  options.log(`using the Subflow agent (pid ${decision.pid}) announced in ${path}`);
  const switching = createSwitchingHost(remote);
  const state: { closing: boolean; local: WindowHost | null } = { closing: false, local: null };
  // A function, so a check after an await reads the flag as it is then (close() may have run).
  const closing = () => state.closing;
  void remote.closed.then(async (reason) => {
    if (reason === null || closing()) return;
    let local: WindowHost;
    try {
      local = await options.startLocal();
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      options.onLost(
        `The agent at ${display} ${reason}, and Subflow could not start its own monitor (${why}): restart Subflow.`,
      );
      return;
    }
    if (closing()) {
      await local.close();
      return;
    }
    state.local = local;
    switching.switchTo(local.host);
    options.onLost(
      `The agent at ${display} ${reason}; Subflow monitors on its own again and starts its ` +
        'helper when a change needs one (restart Subflow to use the agent once it runs again).',
    );
  });
  return {
    host: switching,
    source: display,
    async close() {
      state.closing = true;
      switching.close();
      remote.close();
      await state.local?.close();
    },
  };
}
