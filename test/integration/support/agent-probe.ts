// Run inside a namespace where `subflow agent` listens on 127.0.0.1: finds the agent as the
// desktop app does (the rendezvous file in SUBFLOW_RUN_DIR), asks for snapshots until the
// connection to port argv[2] is named (at most 10 s), and prints that connection as one JSON line.
import { setTimeout as sleep } from 'node:timers/promises';
import { connectAgent } from '../../../electron/helper/agent-link.js';
import { decideAgentUse, rendezvousPath } from '../../../electron/helper/agent-rendezvous.js';
import { readRendezvousFacts } from '../../../electron/helper/rendezvous-file.js';

const port = Number(process.argv[2]);
const path = rendezvousPath(process.env);
const decision = decideAgentUse(path, readRendezvousFacts(path));
if (decision.use !== 'agent') throw new Error(`the agent is not used: ${decision.log ?? ''}`);
const remote = await connectAgent(decision.target);
let found: unknown = null;
for (let i = 0; i < 100; i++) {
  const snap = await remote.invoke('snapshot:get', {});
  if (!snap.ok) throw new Error(snap.error.message);
  const conn = snap.value.connections.find((c) => c.remote.port === port);
  found = conn ?? null;
  // null while /proc is still being looked through, or when the owner cannot be read.
  if (conn?.process) break;
  await sleep(100);
}
remote.close();
console.log(JSON.stringify(found));
