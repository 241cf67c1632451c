// Worker-thread entry that listens to the path manager's events (what `ip mptcp monitor`
// shows): enters the namespace, joins the mptcp_pm_events group and blocks in poll until an
// event arrives or the main thread wakes it to stop (no periodic wake-ups while idle). Blocking
// here is the point of the thread.
import { parentPort, workerData } from 'node:worker_threads';
import { MptcpUnavailableError } from '../errors.js';
import { resolvePathManager, subscribeEvents } from '../mptcp-pm/client.js';
import { decodeEventMessages } from '../mptcp-pm/events.js';
import { NETLINK_GENERIC, NetlinkSocket } from '../netlink/socket.js';
import { waitReadable } from '../netlink/wake.js';
import { enterNetns } from '../netns.js';
import { pathManagerMode } from '../procfs/flavour.js';
import { readMptcpSysctls } from '../procfs/sysctl.js';
import type { EventThreadData, EventThreadMessage } from './event-protocol.js';
import { toWireError } from './wire-error.js';

/** A wait longer than this re-checks the stop flag anyway (in case a wake-up was lost). */
const SAFETY_WAIT_MS = 5000;
/** Data is waiting when receive() is called: its timeout only guards against a surprise. */
const RECEIVE_TIMEOUT_MS = 1000;
/** Room for bursts (thousands of connections closing at once) before the kernel drops events. */
const RECEIVE_BUFFER_BYTES = 4 << 20;

const port = parentPort;
if (!port) throw new Error('event-thread must run as a worker thread');
const data = workerData as EventThreadData;
const stop = new Int32Array(data.stop);
const post = (m: EventThreadMessage): void => {
  port.postMessage(m);
};

let sock: NetlinkSocket | null = null;
try {
  if (data.netns !== null) enterNetns(data.netns);
  const sysctls = readMptcpSysctls();
  if (sysctls && pathManagerMode(sysctls) === 'userspace' && !data.allowUserspacePm) {
    // With the userspace PM, a listener on the events group changes kernel behaviour (it then
    // accepts joins and ADD_ADDRs for a daemon that may not exist), so never do it silently.
    throw new MptcpUnavailableError(
      'the userspace path manager is active (net.mptcp.path_manager = userspace): listening to ' +
        'its events would make the kernel accept joins and ADD_ADDRs on behalf of a daemon; ' +
        'events are inferred from samples instead (allow it explicitly to subscribe anyway)',
    );
  }
  sock = NetlinkSocket.open(NETLINK_GENERIC, {
    timeoutMs: RECEIVE_TIMEOUT_MS,
    receiveBufferBytes: data.receiveBufferBytes ?? RECEIVE_BUFFER_BYTES,
  });
  const pm = resolvePathManager(sock);
  subscribeEvents(sock, pm);
  post({ kind: 'ready' });
  while (Atomics.load(stop, 0) === 0) {
    const waited = waitReadable(sock.fd, data.wakeFd, SAFETY_WAIT_MS);
    if (waited === 'woken') break;
    if (waited === 'timeout') continue;
    const r = sock.receive();
    if (r.kind === 'timeout') continue;
    if (r.kind === 'overflow') {
      post({ kind: 'overflow', time: Date.now() });
      continue;
    }
    const events = decodeEventMessages(r.messages, pm.familyId);
    if (events.length > 0) post({ kind: 'events', time: Date.now(), events });
  }
} catch (err) {
  post({ kind: 'error', error: toWireError(err) });
} finally {
  sock?.close();
}
