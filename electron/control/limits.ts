// Path-manager limits (`ip mptcp limits set subflows N add_addr_accepted M`): validation of what
// comes in (integers 0–8, the in-kernel path manager's range) and a thin call that returns the
// limits read back from the kernel.
import type { Limits } from '../contract.js';
import { ControlError } from './control-error.js';
import type { ControlKernel } from './control-kernel.js';

/** The largest value the in-kernel path manager accepts for either limit (MPTCP_PM_ADDR_MAX). */
export const LIMIT_MAX = 8;

const LIMIT_KEYS = ['subflows', 'addAddrAccepted'] as const;

/** A received value in an error message. */
const shown = (v: unknown): string =>
  typeof v === 'string'
    ? JSON.stringify(v)
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : v === null
        ? 'null'
        : `a value of type ${typeof v}`;

/**
 * Checks untrusted limits: an object with `subflows` and/or `addAddrAccepted`, each an integer
 * from 0 to 8, nothing else. Throws ControlError 'bad-request' naming the field.
 */
export function validateLimits(input: unknown): Partial<Limits> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ControlError(
      'bad-request',
      'limits must be an object with subflows and/or addAddrAccepted',
    );
  }
  const record = input as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => !(LIMIT_KEYS as readonly string[]).includes(k));
  if (extra.length > 0) {
    throw new ControlError(
      'bad-request',
      `unknown limit ${extra.join(', ')}: use subflows or addAddrAccepted`,
    );
  }
  const out: { subflows?: number; addAddrAccepted?: number } = {};
  for (const k of LIMIT_KEYS) {
    const v = record[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > LIMIT_MAX) {
      throw new ControlError(
        'bad-request',
        `${k} must be a whole number from 0 to ${LIMIT_MAX}, got ${shown(v)}`,
      );
    }
    out[k] = v;
  }
  if (out.subflows === undefined && out.addAddrAccepted === undefined) {
    throw new ControlError('bad-request', 'give subflows and/or addAddrAccepted to change');
  }
  return out;
}

/** Validates and sets the limits (needs CAP_NET_ADMIN); returns both limits read back. */
export async function setLimits(kernel: ControlKernel, input: unknown): Promise<Limits> {
  return applyLimits(kernel, validateLimits(input));
}

/** Sets limits Host.invoke has already validated (contract schema); returns both read back. */
export function applyLimits(kernel: ControlKernel, limits: Partial<Limits>): Promise<Limits> {
  return kernel.call('setLimits', limits);
}
