// Worker-thread entry that listens to rtnetlink link and address notifications (what
// `ip monitor link address` shows): enters the namespace, joins RTNLGRP_LINK and the IPv4/IPv6
// address groups, and blocks in recv, waking every POLL_MS to see whether it was asked to stop.
// Any user may join these groups; no capability is needed.
import { parentPort, workerData } from 'node:worker_threads';
import { NETLINK_ROUTE, NetlinkSocket } from '../netlink/socket.js';
import { enterNetns } from '../netns.js';
import { LINK_AND_ADDRESS_GROUPS, decodeLinkOrAddressChanges } from '../rtnl/notifications.js';
import type { LinkWatchData, LinkWatchMessage } from './link-watch-protocol.js';
import { toWireError } from './wire-error.js';

const POLL_MS = 200;
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
    timeoutMs: POLL_MS,
    receiveBufferBytes: RECEIVE_BUFFER_BYTES,
  });
  for (const group of LINK_AND_ADDRESS_GROUPS) {
    sock.addMembership(group, 'listening to interface and address changes');
  }
  post({ kind: 'ready' });
  while (Atomics.load(stop, 0) === 0) {
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
