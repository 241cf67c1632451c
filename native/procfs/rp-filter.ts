// Reverse-path filtering per interface (/proc/sys/net/ipv4/conf/*/rp_filter). Strict rp_filter
// drops replies arriving on an interface other than the one the route to their source uses,
// which silently kills MPTCP subflows on a second path unless source routing is in place.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** 0 off, 1 strict (RFC 3704), 2 loose. */
export type RpFilterMode = 'off' | 'strict' | 'loose';

export interface RpFilterConf {
  /** net.ipv4.conf.all.rp_filter. */
  readonly all: number;
  /** net.ipv4.conf.default.rp_filter (what new interfaces get). */
  readonly default: number;
  /** Per-interface values by name. */
  readonly interfaces: Readonly<Record<string, number>>;
}

export function rpFilterMode(value: number): RpFilterMode {
  if (value === 1) return 'strict';
  if (value === 2) return 'loose';
  return 'off';
}

/** The kernel applies the larger of conf/all and conf/IFNAME (so all=2 makes strict loose). */
export function effectiveRpFilter(conf: RpFilterConf, ifname: string): RpFilterMode {
  return rpFilterMode(Math.max(conf.all, conf.interfaces[ifname] ?? conf.default));
}

/** Parses a directory listing's values (name → file content); unreadable numbers are skipped. */
export function parseRpFilter(files: Readonly<Record<string, string>>): RpFilterConf {
  const interfaces: Record<string, number> = {};
  let all = 0;
  let dflt = 0;
  for (const [name, content] of Object.entries(files)) {
    const text = content.trim();
    if (!/^\d+$/.test(text)) continue;
    const v = Number(text);
    if (name === 'all') all = v;
    else if (name === 'default') dflt = v;
    else interfaces[name] = v;
  }
  return { all, default: dflt, interfaces };
}

/** Reads rp_filter of every interface of the calling thread's namespace. */
export function readRpFilter(procRoot = '/proc'): RpFilterConf {
  const dir = join(procRoot, 'sys/net/ipv4/conf');
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    try {
      files[name] = readFileSync(join(dir, name, 'rp_filter'), 'utf8');
    } catch {
      // An interface that vanished while we read.
    }
  }
  return parseRpFilter(files);
}
