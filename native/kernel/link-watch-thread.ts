// Worker-thread entry that listens to rtnetlink link and address notifications (what
// `ip monitor link address` shows): enters the namespace, joins RTNLGRP_LINK and the IPv4/IPv6
// address groups, and blocks in poll until a change arrives or the main thread wakes it to stop
// (no periodic wake-ups while idle).
// Any user may join these groups; no capability is needed.
import { parentPort, workerData } from 'node:worker_threads';
import { NETLINK_ROUTE, NetlinkSocket } from '../netlink/socket.js';
import { waitReadable } from '../netlink/wake.js';
import { enterNetns } from '../netns.js';
import { LINK_AND_ADDRESS_GROUPS, decodeLinkOrAddressChanges } from '../rtnl/notifications.js';
import type { LinkWatchData, LinkWatchMessage } from './link-watch-protocol.js';
import { toWireError } from './wire-error.js';

/** A wait longer than this re-checks the stop flag anyway (in case a wake-up was lost). */
const SAFETY_WAIT_MS = 5000;
/** Data is waiting when receive() is called: its timeout only guards against a surprise. */
const RECEIVE_TIMEOUT_MS = 1000;
/** A dock or a VPN can bring dozens of links and addresses at once. */
const RECEIVE_BUFFER_BYTES = 1 << 20;

const port = parentPort;
if (!port) throw new Error('link-watch-thread must run as a worker thread');
const data = workerData as LinkWatchData;
const stop = new Int32Array(data.stop);
const post = (m: LinkWatchMessage): void => {
  port.postMessage(m);
};

let sock: NetlinkSocket | null = null;
try {
  if (data.netns !== null) enterNetns(data.netns);
  sock = NetlinkSocket.open(NETLINK_ROUTE, {
    timeoutMs: RECEIVE_TIMEOUT_MS,
    receiveBufferBytes: RECEIVE_BUFFER_BYTES,
  });
  for (const group of LINK_AND_ADDRESS_GROUPS) {
    sock.addMembership(group, 'listening to interface and address changes');
  }
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
    const changes = decodeLinkOrAddressChanges(r.messages);
    if (changes.length > 0) post({ kind: 'changes', time: Date.now(), changes });
  }
} catch (err) {
  post({ kind: 'error', error: toWireError(err) });
} finally {
  sock?.close();
}
