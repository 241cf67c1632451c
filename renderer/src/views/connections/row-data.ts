// When a connections-table row must draw again: the snapshot of every tick brings new objects
// (they come off the wire), so rows compare what they hold, not identity. Every field of the
// connection counts except those the row never shows, so a field added later re-renders the
// row rather than going stale. Pure.
import type { Connection, Subflow } from '../../../../electron/contract.js';

/** Connection fields the row does not show (the detail under an open row reads the store). */
const NOT_IN_ROW: ReadonlySet<string> = new Set([
  'bytesSent',
  'bytesReceived',
  'bytesAcked',
  'subflows',
]);

/** Equal values: primitives by value, plain objects and arrays field by field. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.every((k) => k in recordB && sameValue(recordA[k], recordB[k]));
}

/** What the row reads of a subflow: its interface and rates (the path mix), nothing else. */
const sameSubflowShown = (a: Subflow, b: Subflow): boolean =>
  a.interface === b.interface && a.txRate === b.txRate && a.rxRate === b.rxRate;

/** Whether a connections-table row shows `a` and `b` alike (its age is a leaf of its own). */
export function sameRowData(a: Connection, b: Connection): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const recordA = a as unknown as Record<string, unknown>;
  const recordB = b as unknown as Record<string, unknown>;
  for (const key of keys) {
    if (NOT_IN_ROW.has(key)) continue;
    if (!(key in recordB) || !sameValue(recordA[key], recordB[key])) return false;
  }
  return (
    a.subflows.length === b.subflows.length &&
    a.subflows.every((s, i) => {
      const other = b.subflows[i];
      return other !== undefined && sameSubflowShown(s, other);
    })
  );
}
