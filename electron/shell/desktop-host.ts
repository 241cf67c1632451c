// The Host inside the desktop app. By default: the monitor, doctor and sessions running in the
// main process as the user (createSessionHost), routed to the privileged helper for the kernel
// side once the user asks for a change that needs administrator rights. With SUBFLOW_AGENT_URL:
// a headless agent (`subflow serve` with CAP_NET_ADMIN) over its WebSocket serves everything.
import { doctorHandlers } from '../doctor/doctor-handlers.js';
import { connectAgent, parseAgentUrl } from '../helper/agent-link.js';
import { planHelperLaunch, startPrivilegedHelper } from '../helper/pkexec.js';
import type { Host } from '../host.js';
import { MonitorService } from '../monitor/monitor-service.js';
import type { PdfPrinter } from '../report/pdf-printer.js';
import { createSessionHost } from '../session/session-host.js';
import { defaultSessionsDir } from '../session/sessions-dir.js';
import { createRoutedHost } from './routed-host.js';
import { choiceStore, rememberChoices } from '../control/index.js';

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

  const monitor = new MonitorService({ netns: null });
  try {
    await monitor.start();
  } catch (err) {
    await monitor.stop().catch(() => undefined);
    throw err;
  }
  // The cards show remembered modes; re-applying them is the privileged helper's or agent's job.
  const remembered = await rememberChoices(monitor, choiceStore(), {
    role: 'client',
    reapply: false,
  });
  const sessions = createSessionHost({
    monitor,
    role: 'client',
    sessionsDir: defaultSessionsDir(options.env),
    live: [
      doctorHandlers(() => monitor.kernel, { netns: null, role: 'client', choices: choiceStore() }),
    ],
    ...(options.pdf ? { pdf: options.pdf } : {}),
  });
  const routed = createRoutedHost({
    local: sessions.host,
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
      await sessions.close();
      await remembered.close();
      await monitor.stop();
    },
  };
}
