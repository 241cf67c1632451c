// The desktop app's main-process side as a process of its own, for the desktop benchmark: the
// Host the app starts (startHost, role desktop) with the server standing in for Electron's IPC
// (the same host, the same ticks; the window is Chromium on the server's page). Prints one JSON
// line {"url": …} once it serves, and stops on SIGTERM. Usage: desktop-main.ts NETNS
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost } from '../../electron/host/start-host.js';
import { startServer } from '../../electron/server/server.js';

const netns = process.argv[2];
if (netns === undefined) throw new Error('usage: desktop-main.ts NETNS');
const sessionsDir = mkdtempSync(join(tmpdir(), 'subflow-bench-desktop-'));
const started = await startHost({ netns, role: 'desktop', sessionsDir });
const quiet = () => undefined;
const server = await startServer({
  host: started.host,
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
