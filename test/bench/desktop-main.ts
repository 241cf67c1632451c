// The desktop app's main-process side as a process of its own, for the desktop benchmark: the
// Host the app starts (startHost, role desktop) with the server standing in for Electron's IPC
// (the same host, the same ticks; the window is Chromium on the server's page). Prints one JSON
// line {"url": …} once it serves, and stops on SIGTERM. Usage: desktop-main.ts NETNS [--helper]
// With --helper, the privileged helper runs too (started as the app starts it, without pkexec:
// this runs as root), the window's kernel side is the helper's and the app's monitor follows it,
// as after the first change that needed administrator rights.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivilegedHelper } from '../../electron/helper/pkexec.js';
import type { Host } from '../../electron/host/host.js';
import { startHost } from '../../electron/host/start-host.js';
import { ticksOf } from '../../electron/shell/desktop-host.js';
import { createRoutedHost } from '../../electron/shell/routed-host.js';
import { startServer } from '../../electron/server/server.js';

const netns = process.argv[2];
if (netns === undefined) throw new Error('usage: desktop-main.ts NETNS');
const sessionsDir = mkdtempSync(join(tmpdir(), 'subflow-bench-desktop-'));
const started = await startHost({ netns, role: 'desktop', sessionsDir });
let host: Host = started.host;
if (process.argv[3] === '--helper') {
  const helper = await startPrivilegedHelper({
    pkexec: null,
    helper: [process.execPath, '--import', 'tsx', 'electron/cli.ts', 'helper'],
    netns,
  });
  const routed = createRoutedHost({
    local: started.host,
    localPrivileged: () => false,
    elevate: () => {
      started.monitor.follow(ticksOf(helper));
      return Promise.resolve(helper);
    },
  });
  // The first change that needs administrator rights brings the helper in (this one changes
  // nothing: no limit given).
  await routed.invoke('limits:set', {}, 'desktop');
  host = routed;
}
const quiet = () => undefined;
const server = await startServer({
  host,
  port: 0,
  staticDir: join(import.meta.dirname, '..', '..', 'dist', 'renderer'),
  logger: { info: quiet, warn: quiet, error: (m) => process.stderr.write(`${m}\n`) },
  sessionsDir,
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.once('SIGTERM', () => {
  void (async () => {
    await server.close();
    await started.close();
    rmSync(sessionsDir, { recursive: true, force: true });
    process.exit(0);
  })();
});
