// Child of the process-owners test, run as nobody inside the lab's client namespace: opens an
// MPTCP connection of its own (python3, as nobody), takes one sample through the kernel thread
// and prints, as one JSON line, every established connection's remote port and process, and the
// snapshot's processNote. argv: HOST PORT.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { buildSnapshot } from '../../../electron/monitor/snapshot.js';
import { KernelClient } from '../../../native/kernel/kernel-client.js';

const [host = '', port = ''] = process.argv.slice(2);
const peer = spawn(
  '/usr/bin/python3',
  [new URL('./mptcp-peer.py', import.meta.url).pathname, 'client', host, port, '1'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const [line] = (await once(peer.stdout.setEncoding('utf8'), 'data')) as [string];
if (!line.includes('connected')) throw new Error(`python3 client said: ${line}`);
const client = new KernelClient({ netns: null });
try {
  const sample = await client.call('sample', null);
  const { snapshot } = buildSnapshot(null, sample, {
    netns: null,
    hostname: hostname(),
    intervalMs: 1000,
  });
  process.stdout.write(
    JSON.stringify({
      uid: process.getuid?.(),
      peerPid: peer.pid,
      connections: snapshot.connections
        .filter((c) => c.state === 'established')
        .map((c) => ({ remotePort: c.remote.port, process: c.process })),
      processNote: snapshot.processNote ?? null,
    }) + '\n',
  );
} finally {
  await client.close();
  peer.kill();
}
