// The Host inside the desktop app. By default: the monitor, doctor and sessions running in the
// main process as the user (startHost, role desktop), routed to the privileged helper for the kernel
// side once the user asks for a change that needs administrator rights. A headless agent over its
// WebSocket serves everything instead: the one SUBFLOW_AGENT_URL names (`subflow serve` with
// CAP_NET_ADMIN), else the `subflow agent` service its rendezvous file announces, when this user
// may read that file and the agent answers (announced-agent.ts; otherwise local).
import { connectAgent, parseAgentUrl } from '../helper/agent-link.js';
import { planHelperLaunch, startPrivilegedHelper } from '../helper/pkexec.js';
import type { Host } from '../host/host.js';
import type { TickSource } from '../monitor/monitor-service.js';
import type { PdfPrinter } from '../report/pdf-printer.js';
import { startHost } from '../host/start-host.js';
import { defaultSessionsDir } from '../session/sessions-dir.js';
import { createRoutedHost } from './routed-host.js';
import { announcedAgent } from './announced-agent.js';

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
    const remote = await connectAgent(parsed.target, options.log);
    void remote.closed.then((reason) => {
      if (reason !== null) options.onLost(`The agent at ${parsed.target.display} ${reason}.`);
    });
    return {
      host: remote,
      source: parsed.target.display,
      close: () => {
        remote.close();
        return Promise.resolve();
      },
    };
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
      return startPrivilegedHelper(plan.launch, options.log).then((helper) => {
        // The helper reads the kernel now: the app's monitor passes its ticks on (to recordings,
        // the failover watch) instead of reading the kernel a second time, until it goes.
        monitor.follow(ticksOf(helper));
        void helper.closed.then(() => {
          monitor.follow(null);
        });
        return helper;
      });
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

/** The ticks a Host pushes, as a monitor can follow them. */
export function ticksOf(host: Host): TickSource {
  return (listener) =>
    host.subscribe((push) => {
      if (push.name === 'onTick') listener(push.payload);
    });
}
