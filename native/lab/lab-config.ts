// Turns the caller's lab options into a validated configuration (pure; no I/O).
import {
  BLUE_PATH,
  DEFAULT_LAB_PREFIX,
  LAB_PREFIX_PATTERN,
  LAB_RATE_RANGE_MBIT,
  LAB_RUN_DIR,
  RED_PATH,
  labNamespaces,
} from './lab-constants.js';
import type { LabNamespaces, LabPathName } from './lab-constants.js';
import { LabOptionError } from './lab-errors.js';

/** Which lab to act on. */
export interface LabTarget {
  /** Namespace name prefix; default `subflow`. Must match /^[a-z][a-z0-9-]{0,11}$/. */
  prefix?: string;
}

/** Options of `labUp`. */
export interface LabUpOptions extends LabTarget {
  /** Shaping rate per path and direction, in Mbit/s; defaults red 40, blue 20. */
  rates?: Partial<Record<LabPathName, number>>;
}

/** A validated lab configuration. */
export interface LabConfig {
  /** Namespace name prefix. */
  readonly prefix: string;
  /** Client and server namespace names. */
  readonly namespaces: LabNamespaces;
  /** Shaping rate per path (both directions), in Mbit/s. */
  readonly rates: Readonly<Record<LabPathName, number>>;
  /** Directory of this lab's pid files. */
  readonly runDir: string;
}

/** Checks a prefix; throws LabOptionError when it is not usable in namespace names. */
export function validatePrefix(prefix: string): string {
  if (!LAB_PREFIX_PATTERN.test(prefix)) {
    throw new LabOptionError(
      `Invalid lab prefix "${prefix}": use 1–12 characters, a lowercase letter first, then lowercase letters, digits or "-".`,
    );
  }
  return prefix;
}

/** Checks a rate in Mbit/s. */
export function validateRate(path: LabPathName, rate: number): number {
  const { min, max } = LAB_RATE_RANGE_MBIT;
  if (!Number.isFinite(rate) || rate < min || rate > max) {
    throw new LabOptionError(
      `Invalid ${path} rate ${String(rate)} Mbit/s: give a number from ${min} to ${max}.`,
    );
  }
  return rate;
}

/** Validates options and fills in defaults. */
export function resolveLabConfig(options: LabUpOptions = {}): LabConfig {
  const prefix = validatePrefix(options.prefix ?? DEFAULT_LAB_PREFIX);
  const rates = {
    red: validateRate('red', options.rates?.red ?? RED_PATH.defaultRateMbit),
    blue: validateRate('blue', options.rates?.blue ?? BLUE_PATH.defaultRateMbit),
  };
  return { prefix, namespaces: labNamespaces(prefix), rates, runDir: `${LAB_RUN_DIR}/${prefix}` };
}

/** Checks a whole number within bounds (durations, counts, ports). */
export function validateInteger(what: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new LabOptionError(
      `Invalid ${what} ${String(value)}: give a whole number from ${min} to ${max}.`,
    );
  }
  return value;
}
