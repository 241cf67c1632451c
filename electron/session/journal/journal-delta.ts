// Compact structural deltas between two successive snapshots (the journal's tick lines; the
// encoding is described in journal-format.ts and FORMAT.md). Pure: diff(prev, next) → delta,
// apply(prev, delta) → next, sharing every unchanged part of `prev` so a replayed hour stays small.

/** A JSON value as the journal stores it. */
export type Json =
  null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };
type JsonObject = { readonly [k: string]: Json };

/** Reserved keys of a delta object (no contract field uses them). */
export const REPLACE = '=';
export const DELETED = '-';
export const ARRAY = '@';

/**
 * The identity of an element of an array of entities, or null when it has none (then the array
 * is replaced whole when it changes): connections by token, interfaces by name, endpoints by id,
 * subflows by their two socket addresses.
 */
export function elementIdentity(value: Json): string | null {
  if (!isObject(value)) return null;
  if (typeof value['token'] === 'string') return `t${value['token']}`;
  if (typeof value['name'] === 'string') return `n${value['name']}`;
  const local = value['local'];
  const remote = value['remote'];
  if (isObject(local) && isObject(remote)) {
    return `s${scalar(local['address'])}|${scalar(local['port'])}|${scalar(remote['address'])}|${scalar(remote['port'])}`;
  }
  if (typeof value['id'] === 'number') return `i${value['id']}`;
  return null;
}

/** A scalar as text for an identity; objects and arrays are not identities ("?"). */
const scalar = (v: Json | undefined): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '?';

/** The delta from `prev` to `next`, or undefined when they are equal. */
export function diff(prev: Json | undefined, next: Json): Json | undefined {
  if (prev === next) return undefined;
  if (isObject(next)) {
    if (isObject(prev)) return diffObjects(prev, next);
    return { [REPLACE]: next };
  }
  if (Array.isArray(next)) {
    if (Array.isArray(prev)) return diffArrays(prev as readonly Json[], next as readonly Json[]);
    return { [REPLACE]: next };
  }
  // A primitive: stored as itself (it replaces whatever was there).
  return next;
}

function diffObjects(prev: JsonObject, next: JsonObject): Json | undefined {
  const out: Record<string, Json> = {};
  let changed = false;
  for (const key of Object.keys(next)) {
    const value = next[key];
    if (value === undefined) continue;
    const d = diff(prev[key], value);
    if (d !== undefined) {
      out[key] = d;
      changed = true;
    }
  }
  const deleted = Object.keys(prev).filter((k) => prev[k] !== undefined && next[k] === undefined);
  if (deleted.length > 0) {
    out[DELETED] = deleted;
    changed = true;
  }
  return changed ? out : undefined;
}

function identities(values: readonly Json[]): string[] | null {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const v of values) {
    const id = elementIdentity(v);
    if (id === null || seen.has(id)) return null;
    seen.add(id);
    ids.push(id);
  }
  return ids;
}

function diffArrays(prev: readonly Json[], next: readonly Json[]): Json | undefined {
  const prevIds = identities(prev);
  const nextIds = identities(next);
  if (prevIds === null || nextIds === null || nextIds.length === 0) {
    return jsonEqual(prev, next) ? undefined : { [REPLACE]: next };
  }
  const before = new Map<string, Json>();
  prevIds.forEach((id, i) => before.set(id, prev[i] as Json));
  const changes: Record<string, Json> = {};
  let changed = false;
  for (let i = 0; i < nextIds.length; i++) {
    const id = nextIds[i] as string;
    const value = next[i] as Json;
    const old = before.get(id);
    const d = old === undefined ? { [REPLACE]: value } : diff(old, value);
    if (d !== undefined) {
      changes[id] = d;
      changed = true;
    }
  }
  const sameOrder =
    prevIds.length === nextIds.length && prevIds.every((id, i) => id === nextIds[i]);
  if (sameOrder && !changed) return undefined;
  const out: Record<string, Json> = { [ARRAY]: changes };
  // The new order of identities, only when membership or order changed.
  if (!sameOrder) out['o'] = nextIds;
  return out;
}

/** Thrown by apply() for a delta that does not fit the value it is applied to. */
export class DeltaError extends Error {}

/** `prev` changed by `delta` (from diff); unchanged parts of `prev` are shared, not copied. */
export function apply(prev: Json | undefined, delta: Json): Json {
  if (!isObject(delta)) {
    if (Array.isArray(delta)) throw new DeltaError('a bare array is not a delta');
    return delta;
  }
  if (REPLACE in delta) return delta[REPLACE];
  if (ARRAY in delta) return applyArray(prev, delta);
  if (!isObject(prev)) throw new DeltaError('an object delta applied to something else');
  const deleted = delta[DELETED];
  if (deleted !== undefined && !Array.isArray(deleted))
    throw new DeltaError(`"${DELETED}" must list key names`);
  const gone = deleted === undefined ? null : new Set((deleted as readonly Json[]).map(scalar));
  const out: Record<string, Json> = {};
  for (const key of Object.keys(prev)) {
    if (gone?.has(key)) continue;
    const change = delta[key];
    out[key] = change === undefined ? (prev[key] as Json) : apply(prev[key], change);
  }
  for (const key of Object.keys(delta)) {
    const change = delta[key];
    if (key === DELETED || key in prev || change === undefined) continue;
    out[key] = apply(undefined, change);
  }
  return out;
}

function applyArray(prev: Json | undefined, delta: JsonObject): Json {
  if (!Array.isArray(prev)) throw new DeltaError('an array delta applied to something else');
  const changes = delta[ARRAY];
  if (!isObject(changes)) throw new DeltaError(`"${ARRAY}" must map identities to deltas`);
  const prevArray = prev as readonly Json[];
  const ids = identities(prevArray);
  if (ids === null) throw new DeltaError('an array delta applied to an array without identities');
  const order = delta['o'];
  let nextIds: readonly string[] = ids;
  if (order !== undefined) {
    if (!Array.isArray(order)) throw new DeltaError('"o" must list identities');
    nextIds = (order as readonly Json[]).map(String);
  }
  const before = new Map<string, Json>();
  ids.forEach((id, i) => before.set(id, prevArray[i] as Json));
  return nextIds.map((id) => {
    const change = changes[id];
    const old = before.get(id);
    if (change === undefined) {
      if (old === undefined) throw new DeltaError(`element ${id} is neither known nor new`);
      return old;
    }
    return apply(old, change);
  });
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of two JSON values (undefined object members count as absent). */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    const bb = b as readonly Json[];
    return (a as readonly Json[]).every((v, i) => jsonEqual(v, bb[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}
