// The Host inside the desktop app. By default: the monitor, doctor and sessions running in the
// main process as the user (startHost, role desktop), routed to the privileged helper for the kernel
// side once the user asks for a change that needs administrator rights. A headless agent over its
// WebSocket serves everything instead: the one SUBFLOW_AGENT_URL names (`subflow serve` with
// CAP_NET_ADMIN), else the `subflow agent` service its rendezvous file announces, when this user
// may read that file and the agent answers (agent-rendezvous.ts decides; otherwise local). If an
// announced agent goes away, the window carries on with the app's own side (switching-host.ts).
import { SERVICE_ADVICE, connectAgent, parseAgentUrl, urlAdvice } from '../helper/agent-link.js';
import type { AgentAdvice, AgentTarget } from '../helper/agent-link.js';
import { decideAgentUse, rendezvousPath } from '../helper/agent-rendezvous.js';
import { readRendezvousFacts } from '../helper/rendezvous-file.js';
import { planHelperLaunch, startPrivilegedHelper } from '../helper/pkexec.js';
import type { Host } from '../host/host.js';
import type { PdfPrinter } from '../report/pdf-printer.js';
import { startHost } from '../host/start-host.js';
import { defaultSessionsDir } from '../session/sessions-dir.js';
import { createRoutedHost } from './routed-host.js';
import { createSwitchingHost } from './switching-host.js';

/** What {@link createDesktopHost} needs from main. */
export interface DesktopHostOptions {
  readonly appPath: string;
  readonly packaged: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly uid: number;
  /** Lines for the app's log (stderr). */
  readonly log: (line: string) => void;
  /** Told when the privileged helper or the agent went away, with why. */
  readonly onLost: (message: string) => void;
  /** How reports become PDF (Electron's printToPDF); default Chromium headless. */
  readonly pdf?: PdfPrinter;
  /** Starts the app's own side (monitor as the user + helper); tests stand it in. */
  readonly startLocal?: (options: DesktopHostOptions) => Promise<DesktopHost>;
}

/** The app's Host and how to stop it. */
export interface DesktopHost {
  readonly host: Host;
  /** What serves the window, for the log: "this computer" or the agent's address. */
  readonly source: string;
  close(): Promise<void>;
}

export async function createDesktopHost(options: DesktopHostOptions): Promise<DesktopHost> {
  const agentUrl = options.env.SUBFLOW_AGENT_URL;
  if (agentUrl !== undefined && agentUrl.trim() !== '') {
    const parsed = parseAgentUrl(agentUrl);
    if (!parsed.ok) throw new Error(parsed.message);
    return useAgent(parsed.target, options, urlAdvice());
  }
  const startLocal = () => (options.startLocal ?? startLocalHost)(options);
  const announced = await announcedAgent({ ...options, startLocal });
  return announced ?? startLocal();
}

/** The app's own side: its monitor as the user, routed to the pkexec helper for changes. */
export async function startLocalHost(options: DesktopHostOptions): Promise<DesktopHost> {
  const started = await startHost({
    netns: null,
    role: 'desktop',
    sessionsDir: defaultSessionsDir(options.env),
    ...(options.pdf ? { pdf: options.pdf } : {}),
  });
  const { monitor } = started;
  const routed = createRoutedHost({
    local: started.host,
    localPrivileged: () => monitor.latest()?.privileged ?? false,
    elevate: (reason) => {
      const plan = planHelperLaunch({
        packaged: options.packaged,
        appPath: options.appPath,
        env: options.env,
        uid: options.uid,
      });
      if (!plan.ok) return Promise.reject(new Error(plan.message));
      options.log(`${reason}: starting the privileged helper through pkexec`);
      return startPrivilegedHelper(plan.launch, options.log);
    },
    onRemoteLost: (reason) => {
      options.onLost(
        `The privileged helper stopped (${reason}); Subflow monitors without administrator rights again.`,
      );
    },
  });
  return {
    host: routed,
    source: 'this computer',
    async close() {
      routed.close();
      await started.close();
    },
  };
}

/**
 * The `subflow agent` announced in the rendezvous file, connected; null (with a log line saying
 * why, where the person can do something about it) when the app should use its own side. When
 * the agent goes away later, the window carries on with the app's own side (`startLocal`).
 */
export async function announcedAgent(
  options: Pick<DesktopHostOptions, 'env' | 'log' | 'onLost'> & {
    readonly startLocal: () => Promise<DesktopHost>;
  },
): Promise<DesktopHost | null> {
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
  const state: { closing: boolean; local: DesktopHost | null } = { closing: false, local: null };
  // A function, so a check after an await reads the flag as it is then (close() may have run).
  const closing = () => state.closing;
  void remote.closed.then(async (reason) => {
    if (reason === null || closing()) return;
    let local: DesktopHost;
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

async function useAgent(
  target: AgentTarget,
  options: Pick<DesktopHostOptions, 'log' | 'onLost'>,
  advice: AgentAdvice,
): Promise<DesktopHost> {
  const remote = await connectAgent(target, options.log, advice);
  void remote.closed.then((reason) => {
    if (reason !== null) options.onLost(`The agent at ${target.display} ${reason}.`);
  });
  return {
    host: remote,
    source: target.display,
    close: () => {
      remote.close();
      return Promise.resolve();
    },
  };
}
