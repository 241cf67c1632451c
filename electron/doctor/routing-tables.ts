// Which routing table a source-routing fix uses for an interface. One allocator serves a whole
// run of the checks, so that fixes proposed for different interfaces (by any check) never share
// a new table, and fixes for the same interface share one. Pure.
import type { InterfaceWithAddresses } from '../../native/rtnl/interfaces.js';
import type { DoctorInput } from './doctor-input.js';
import { BUILTIN_TABLES, routeLeavesBy } from './facts.js';

/** Where new per-interface tables start, as most setup guides number them. */
export const FIRST_FREE_TABLE = 100;

export interface TableChoice {
  readonly table: number;
  /** The table already exists and all its routes of the family leave by the interface. */
  readonly exists: boolean;
}

export type TableAllocator = (link: InterfaceWithAddresses, family: 4 | 6) => TableChoice;

/**
 * An allocator for one input: a user table all of whose routes of the family leave by the
 * interface is reused; otherwise the first id no route, rule or earlier proposal uses.
 */
export function tableAllocator(input: DoctorInput): TableAllocator {
  const routes = input.routes ?? [];
  const used = new Set([...routes.map((r) => r.table), ...(input.rules ?? []).map((r) => r.table)]);
  const proposed = new Map<string, TableChoice>();
  return (link, family) => {
    const key = `${link.ifindex}/${family}`;
    const known = proposed.get(key);
    if (known) return known;
    let choice: TableChoice | undefined;
    for (const table of [...used].sort((a, b) => a - b)) {
      if (table === 0 || BUILTIN_TABLES.has(table)) continue;
      const own = routes.filter((r) => r.table === table && r.family === family);
      if (own.length > 0 && own.every((r) => routeLeavesBy(r, link.ifindex))) {
        choice = { table, exists: true };
        break;
      }
    }
    if (!choice) {
      let table = FIRST_FREE_TABLE;
      while (used.has(table)) table++;
      used.add(table);
      choice = { table, exists: false };
    }
    proposed.set(key, choice);
    return choice;
  };
}
