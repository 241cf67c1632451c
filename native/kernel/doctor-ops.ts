// Kernel-thread operations of `subflow doctor`: what the setup checks read beyond a sample
// (routes and rules of every table, rp_filter per interface, the MPTCP sysctls, which path
// managers run) and the few changes its fixes make inside the thread's namespace (a sysctl
// through /proc/sys, a source rule or a table route by rtnetlink), each read back.
import { isExecutable, missingTools, searchDirs } from '../commands.js';
import { readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FfiError, KernelError, PermissionError } from '../errors.js';
import { readRpFilter } from '../procfs/rp-filter.js';
import type { RpFilterConf } from '../procfs/rp-filter.js';
import { readMptcpSysctls } from '../procfs/sysctl.js';
import type { MptcpSysctls } from '../procfs/sysctl.js';
import { dumpRoutes, dumpRules } from '../rtnl/dump.js';
import type { Route } from '../rtnl/route.js';
import { encodeTableRoute } from '../rtnl/route-write.js';
import type { TableRouteSpec } from '../rtnl/route-write.js';
import type { Rule } from '../rtnl/rule.js';
import { encodeSourceRule } from '../rtnl/rule-write.js';
import type { SourceRuleSpec } from '../rtnl/rule-write.js';
import { RTM_NEWROUTE, RTM_NEWRULE } from '../rtnl/shared.js';
import type { KernelContext } from './kernel-context.js';

const NLM_F_EXCL = 0x200;
const NLM_F_CREATE = 0x400;

/** Programs that manage MPTCP endpoints or drive the userspace path manager. */
export const PATH_MANAGER_PROGRAMS = ['mptcpd', 'NetworkManager'] as const;
export type PathManagerProgram = (typeof PATH_MANAGER_PROGRAMS)[number];

/** A running path-manager program (processes are seen machine-wide through /proc). */
export interface ManagerProcess {
  readonly name: PathManagerProgram;
  readonly pid: number;
  /** Whether it runs in the thread's network namespace; null when that cannot be read. */
  readonly sameNetns: boolean | null;
}

/** What the doctor reads on top of a sample. A part that cannot be read is null + a problem. */
export interface DoctorKernelState {
  /** Every IPv4/IPv6 route of every table. */
  readonly routes: Route[] | null;
  /** Every IPv4/IPv6 policy rule, in priority order. */
  readonly rules: Rule[] | null;
  /** /proc/sys/net/mptcp of the namespace; null when the kernel has none. */
  readonly sysctls: MptcpSysctls | null;
  readonly rpFilter: RpFilterConf | null;
  readonly processes: ManagerProcess[];
  /** Programs of DOCTOR_TOOLS not on PATH (absent from older callers' fakes). */
  readonly missingTools?: string[];
  /** Parts that could not be read, each a sentence. */
  readonly problems: string[];
}

/** Programs the doctor looks for: `mptcpize` runs ordinary programs with MPTCP. */
export const DOCTOR_TOOLS: readonly string[] = ['mptcpize'];

/** A sysctl as /proc/sys path segments, e.g. ['net', 'ipv4', 'conf', 'eth0', 'rp_filter']. */
export interface SysctlWrite {
  readonly path: readonly string[];
  /** The value to write, e.g. "1" or "kernel". */
  readonly value: string;
}

const IFNAME = /^[^/\s:]{1,15}$/;
const MPTCP_WRITABLE = new Set([
  'enabled',
  'path_manager',
  'pm_type',
  'mptcp_enabled',
  'mptcp_path_manager',
]);

/** Why the doctor may not write this sysctl, or null when it may (a short allow-list). */
export function sysctlWriteProblem(w: SysctlWrite): string | null {
  const [net, group, a, b, c] = w.path;
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(w.value)) return `value '${w.value}' is not a plain word`;
  if (net !== 'net') return 'only net.* sysctls are written';
  if (group === 'mptcp' && w.path.length === 3 && a !== undefined && MPTCP_WRITABLE.has(a)) {
    return null;
  }
  const confName = b !== undefined && b !== '.' && b !== '..' && IFNAME.test(b);
  if (group === 'ipv4' && a === 'conf' && confName && c === 'rp_filter' && w.path.length === 5) {
    return null;
  }
  return `${w.path.join('.')} is not a setting the doctor changes`;
}

function attempt<T>(problems: string[], what: string, fn: () => T): T | null {
  try {
    return fn();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    problems.push(`${what}: ${message}`);
    return null;
  }
}

/** The path-manager programs running, and whether each shares the calling thread's namespace. */
export function listManagerProcesses(procRoot = '/proc'): ManagerProcess[] {
  const wanted = new Set<string>(PATH_MANAGER_PROGRAMS);
  let own: string | null = null;
  try {
    own = readlinkSync(join(procRoot, 'thread-self/ns/net'));
  } catch {
    // No way to compare: sameNetns stays null.
  }
  const out: ManagerProcess[] = [];
  for (const entry of readdirSync(procRoot)) {
    if (!/^\d+$/.test(entry)) continue;
    let comm: string;
    try {
      comm = readFileSync(join(procRoot, entry, 'comm'), 'utf8').trim();
    } catch {
      continue; // exited while we looked
    }
    if (!wanted.has(comm)) continue;
    let sameNetns: boolean | null = null;
    try {
      // Needs ptrace read access (root, or the same user): otherwise unknown.
      if (own !== null) sameNetns = readlinkSync(join(procRoot, entry, 'ns/net')) === own;
    } catch {
      sameNetns = null;
    }
    out.push({ name: comm as PathManagerProgram, pid: Number(entry), sameNetns });
  }
  return out.sort((x, y) => x.pid - y.pid);
}

const errnoOf = (err: unknown): number => Math.abs((err as { errno?: number }).errno ?? 5);

/** Writes a sysctl of the thread's namespace through /proc/sys and returns the value read back. */
export function writeSysctl(w: SysctlWrite, procRoot = '/proc'): string {
  const problem = sysctlWriteProblem(w);
  const name = w.path.join('.');
  if (problem !== null) throw new RangeError(`cannot write ${name}: ${problem}`);
  const file = join(procRoot, 'sys', ...w.path);
  try {
    writeFileSync(file, `${w.value}\n`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new PermissionError(`setting ${name}`);
    throw new FfiError(`write ${name}=${w.value}`, errnoOf(err));
  }
  return readFileSync(file, 'utf8').trim();
}

export const doctorOps = {
  /** Routes, rules, rp_filter, MPTCP sysctls and path-manager programs. Works unprivileged. */
  doctorState: (ctx: KernelContext, _args: null): DoctorKernelState => {
    const problems: string[] = [];
    const kernelPart = <T>(what: string, fn: () => T): T | null => {
      try {
        return fn();
      } catch (err) {
        if (!(err instanceof KernelError)) throw err;
        problems.push(`${what}: ${err.message}`);
        return null;
      }
    };
    return {
      routes: kernelPart('routes', () => dumpRoutes(ctx.route)),
      rules: kernelPart('rules', () => dumpRules(ctx.route)),
      sysctls: attempt(problems, 'MPTCP sysctls', () => readMptcpSysctls()),
      rpFilter: attempt(problems, 'rp_filter', () => readRpFilter()),
      processes: attempt(problems, 'processes', () => listManagerProcesses()) ?? [],
      missingTools: missingTools(DOCTOR_TOOLS, searchDirs(process.env.PATH), isExecutable),
      problems,
    };
  },

  /** Sets one allow-listed sysctl (needs CAP_NET_ADMIN) and returns the value read back. */
  writeSysctl: (_ctx: KernelContext, w: SysctlWrite): string => writeSysctl(w),

  /** `ip rule add from A/LEN table T` (needs CAP_NET_ADMIN); returns the rules read back. */
  addSourceRule: (ctx: KernelContext, spec: SourceRuleSpec): Rule[] => {
    const operation = `add rule from ${spec.from}/${spec.fromLength} table ${spec.table}`;
    const payload = encodeSourceRule(spec);
    ctx.route.request(operation, RTM_NEWRULE, payload, false, NLM_F_CREATE | NLM_F_EXCL);
    return dumpRules(ctx.route);
  },

  /** `ip route add … dev IF table T` (needs CAP_NET_ADMIN); returns the routes read back. */
  addTableRoute: (ctx: KernelContext, spec: TableRouteSpec): Route[] => {
    const operation = `add route ${spec.dst ?? 'default'} to table ${spec.table}`;
    const payload = encodeTableRoute(spec);
    ctx.route.request(operation, RTM_NEWROUTE, payload, false, NLM_F_CREATE | NLM_F_EXCL);
    return dumpRoutes(ctx.route);
  },
};
