// `subflow agent`: the headless server meant to run as a system service (subflow-agent.service),
// so remembered multipath choices are re-applied while no window is open and the desktop app has
// a privileged side without pkexec. It is `serve` on loopback with the agent's row of the role
// table, refuses to start without CAP_NET_ADMIN, keeps sessions in a system directory and
// announces itself in the rendezvous file (helper/agent-rendezvous.ts) until it exits.
import { join } from 'node:path';
import { processHasNetAdmin } from '../../native/procfs/capabilities.js';
import { subflowCommand } from '../../native/invocation.js';
import { decideAgentStart, RENDEZVOUS_GROUP, rendezvousPath } from '../helper/agent-rendezvous.js';
import {
  readRendezvousFacts,
  removeRendezvous,
  systemGroupId,
  writeRendezvous,
} from '../helper/rendezvous-file.js';
import { DEFAULT_PORT, startServer } from '../server/server.js';
import { writeErr, writeOut } from '../terminal-text.js';
import type { Command } from './command.js';
import { UsageError, parseCommandLine } from './command.js';
import {
  MONITOR_OPTIONS_HELP,
  ROLE_HELP,
  monitorOptions,
  readMonitorOptions,
  readRole,
} from './monitor-options.js';
import { startLiveBackend } from './serve-backend.js';
import { rendererDir } from './serve-command.js';

const HELP = `Usage: subflow agent [--port N] [--netns NAME] [--interval MS] [--role ROLE]

The headless server run as a system service (subflow-agent.service): the dashboard and
its API on 127.0.0.1, re-applying remembered multipath choices while no window is open.
The desktop app uses a running agent instead of starting its own privileged helper.
It needs CAP_NET_ADMIN (run it as root) and writes, while it runs,
  \${SUBFLOW_RUN_DIR:-/run/subflow}/agent.json   { url, token, pid }, mode 0640, group netdev
so that root and members of netdev can reach it. Recorded sessions go to
  \${SUBFLOW_STATE_DIR:-\${STATE_DIRECTORY:-/var/lib/subflow}}/sessions

Options:
  --port N          port on 127.0.0.1 (default ${DEFAULT_PORT}, or the next free one)
${ROLE_HELP}
${MONITOR_OPTIONS_HELP}`;

/** The agent's state directory: SUBFLOW_STATE_DIR, systemd's STATE_DIRECTORY, /var/lib/subflow. */
export function agentStateDir(env: NodeJS.ProcessEnv): string {
  const own = env.SUBFLOW_STATE_DIR?.trim();
  if (own) return own;
  // systemd sets STATE_DIRECTORY from StateDirectory= (a colon-separated list; the first is ours).
  const systemd = env.STATE_DIRECTORY?.split(':')[0]?.trim();
  return systemd || '/var/lib/subflow';
}

/** The sentence an agent without CAP_NET_ADMIN exits with. */
export function unprivilegedMessage(command: string): string {
  return (
    'subflow agent needs CAP_NET_ADMIN to re-apply remembered multipath choices and change ' +
    `endpoints: run it as root (sudo ${command} agent) or start its service ` +
    '(sudo systemctl enable --now subflow-agent); to watch without changing anything, use ' +
    `${command} serve`
  );
}

export const agentCommand: Command = {
  name: 'agent',
  summary: 'the privileged headless server run as a system service; the desktop app uses it',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandLine(argv, {
      ...monitorOptions,
      port: { type: 'string' },
      role: { type: 'string' },
      host: { type: 'string' },
    });
    if (values.host !== undefined) {
      throw new UsageError(
        'subflow agent listens on 127.0.0.1 only (the desktop app reaches it there); to serve ' +
          'another address, use subflow serve --host ADDR --allow-remote',
      );
    }
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument '${positionals[0] ?? ''}'`);
    const { netns, intervalMs } = readMonitorOptions(values);
    const role = readRole(values.role);
    let port: number | undefined;
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port needs a port number 0–65535, got '${values.port}'`);
      }
    }
    if (!processHasNetAdmin()) throw new Error(unprivilegedMessage(subflowCommand()));
    const path = rendezvousPath(process.env);
    const start = decideAgentStart(readRendezvousFacts(path), process.pid);
    if (!start.ok) throw new Error(start.message);

    const backend = await startLiveBackend({
      kind: 'agent',
      netns,
      intervalMs,
      role,
      metrics: false,
      sessionsDir: join(agentStateDir(process.env), 'sessions'),
    });
    let server;
    try {
      server = await startServer({
        host: backend.host,
        ...(backend.viewer ? { viewer: backend.viewer } : {}),
        bindAddress: '127.0.0.1',
        ...(port !== undefined ? { port } : {}),
        staticDir: rendererDir(),
        ...(backend.sessionsDir !== null ? { sessionsDir: backend.sessionsDir } : {}),
      });
    } catch (err) {
      await backend.close();
      throw err;
    }
    // Listening for the stop signals before the file exists, so a stop right after it was
    // written still removes it (a default SIGTERM would end the process without 'exit' handlers).
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    const url = `http://127.0.0.1:${server.port}/`;
    const gid = systemGroupId(RENDEZVOUS_GROUP);
    const removeOnExit = () => {
      removeRendezvous(path, process.pid);
    };
    try {
      writeRendezvous(path, { url, token: server.token, pid: process.pid }, gid);
    } catch (err) {
      await server.close();
      await backend.close();
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(
        `subflow agent could not write its rendezvous file ${path} (${why}); make its directory ` +
          'writable for root, or set SUBFLOW_RUN_DIR to one that is',
      );
    }
    // Also on a crash: a file naming a dead pid is ignored by the app, but better gone.
    process.once('exit', removeOnExit);
    writeOut(`Subflow agent is serving ${backend.subject} at:\n  ${server.url}\n`);
    writeOut(
      `Announced in ${path}` +
        (gid === null
          ? ` (mode 0640; there is no ${RENDEZVOUS_GROUP} group, so only root can read it)\n`
          : ` (mode 0640, group ${RENDEZVOUS_GROUP})\n`),
    );
    writeErr(`${backend.eventsLine}\n`);
    await stopped;
    // Gone from the rendezvous first, so no app connects to a server that is closing.
    removeOnExit();
    process.off('exit', removeOnExit);
    await server.close();
    await backend.close();
    return 0;
  },
};
