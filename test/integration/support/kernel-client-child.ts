// Child process for the unprivileged kernel-client test, started inside a namespace as nobody
// by runTsAsNobody (support/as-nobody.ts): `node --import tsx …/kernel-client-child.ts`.
// Takes one sample through the kernel thread and tries to subscribe to path-manager events;
// prints one JSON document with what worked and the error codes of what did not.
import { PmEventStream } from '../../../native/kernel/event-stream.js';
import { KernelClient } from '../../../native/kernel/kernel-client.js';
import { KernelFailure } from '../../../native/kernel/wire-error.js';

const client = new KernelClient({ netns: null });
const sample = await client.call('sample', null);
let subscribe: { ok: true } | { ok: false; code: string; message: string };
try {
  const stream = await PmEventStream.open(
    { netns: null },
    { onEvents: () => undefined, onOverflow: () => undefined, onError: () => undefined },
  );
  await stream.close();
  subscribe = { ok: true };
} catch (err) {
  subscribe =
    err instanceof KernelFailure
      ? { ok: false, code: err.code, message: err.message }
      : { ok: false, code: 'unexpected', message: String(err) };
}
await client.close();
process.stdout.write(
  JSON.stringify({
    uid: process.getuid?.(),
    privileged: sample.privileged,
    connections: sample.mptcpSockets.filter((s) => s.state === 'established').length,
    subflows: sample.subflows.filter((s) => s.state === 'established').length,
    subflowTokens: sample.subflows.map((s) => s.mptcp?.tokenLocal ?? null),
    endpoints: sample.endpoints.length,
    limits: sample.limits,
    problems: sample.problems,
    subscribe,
  }) + '\n',
);
