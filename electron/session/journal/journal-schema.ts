// What a journal's lines must look like to be read (zod): the header, the tick envelope and the
// snapshots rebuilt from it. A journal is a file anybody can edit, so nothing in it is trusted;
// unknown extra members are allowed (a newer writer of the same version may add fields).
import { z } from 'zod';

const num = z.number();
const socketAddress = z.looseObject({ address: z.string(), port: num });

const kernelInfo = z.looseObject({
  release: z.string(),
  mptcp: z.enum(['upstream', 'legacy', 'unavailable']),
  enabled: z.boolean(),
  pathManager: z.string().optional(),
  scheduler: z.string().optional(),
  reason: z.string().optional(),
});
const limits = z.looseObject({ subflows: num, addAddrAccepted: num });
const endpoint = z.looseObject({
  id: num,
  address: z.string(),
  interface: z.string().nullable(),
  port: num.optional(),
  flags: z.array(z.enum(['signal', 'subflow', 'backup', 'fullmesh', 'implicit', 'laminar'])),
});
const iface = z.looseObject({
  name: z.string(),
  ifindex: num,
  up: z.boolean(),
  addresses: z.array(z.string()),
  rxBytes: num,
  txBytes: num,
  rxRate: num,
  txRate: num,
  multipath: z.enum(['on', 'off', 'backup']),
  multipathDisabledReason: z.string().optional(),
  // Absent in journals recorded before remembered modes were shown; profile since version 2 of
  // the choices file.
  remembered: z
    .looseObject({
      mode: z.enum(['on', 'off', 'backup']),
      time: num,
      profile: z.looseObject({ uuid: z.string(), name: z.string() }).optional(),
    })
    .optional(),
});
const subflow = z.looseObject({
  local: socketAddress,
  remote: socketAddress,
  interface: z.string().nullable(),
  localId: num,
  remoteId: num,
  backup: z.boolean(),
  state: z.string(),
  rttMs: num,
  cwnd: num,
  bytesAcked: num,
  bytesReceived: num,
  txRate: num,
  rxRate: num,
});
const processInfo = z.looseObject({
  pid: num,
  name: z.string(),
  cmdline: z.string(),
  uid: num,
  user: z.string().nullable(),
  others: num.optional(),
});
const connection = z.looseObject({
  token: z.string(),
  local: socketAddress,
  remote: socketAddress,
  state: z.string(),
  bytesSent: num,
  bytesReceived: num,
  bytesAcked: num,
  txRate: num,
  rxRate: num,
  firstSeen: num,
  subflows: z.array(subflow),
  // Absent in journals written before fallback was recorded (read as false).
  fallback: z.boolean().optional(),
  fallbackReason: z.string().optional(),
  // Absent in journals recorded before Subflow named processes.
  process: processInfo.nullable().optional(),
});

const plainTcpApp = z.looseObject({
  pid: num,
  name: z.string(),
  cmdline: z.string(),
  user: z.string().nullable(),
  connections: num,
  bytesSent: num,
  bytesReceived: num,
  txRate: num,
  rxRate: num,
});

export const snapshotSchema = z.looseObject({
  time: num,
  netns: z.string().nullable(),
  privileged: z.boolean(),
  hostname: z.string(),
  intervalMs: num,
  kernel: kernelInfo,
  limits,
  endpoints: z.array(endpoint),
  interfaces: z.array(iface),
  connections: z.array(connection),
  processNote: z.string().optional(),
  plainTcpApps: z.array(plainTcpApp).optional(),
});

export const pmEventSchema = z.looseObject({
  time: num,
  type: z.string(),
  // 'user': a person's action through Subflow (type 'action').
  source: z.enum(['kernel', 'inferred', 'user']),
});

/** Line 1, after the format marker and version were checked. */
export const headerSchema = z.looseObject({
  format: z.literal('subflow-journal'),
  version: z.literal(1),
  startedAt: num,
  hostname: z.string(),
  netns: z.string().nullable(),
  kernel: kernelInfo,
  intervalMs: num,
  privileged: z.boolean(),
  endpoints: z.array(endpoint),
  limits,
  sysctls: z.record(z.string(), z.string()),
  writer: z.string(),
});

/** A tick line: exactly one of "k" (keyframe) or "d" (delta). */
export const tickLineSchema = z
  .looseObject({
    t: num,
    k: z.unknown().optional(),
    d: z.unknown().optional(),
    e: z.array(pmEventSchema).optional(),
  })
  .refine((line) => (line.k === undefined) !== (line.d === undefined), {
    error: 'a tick line holds exactly one of "k" (keyframe) or "d" (delta)',
  });

/** "at connections.0.subflows.1.rttMs: expected number" for the first problem zod found. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length > 0 ? `at ${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message}`;
}
