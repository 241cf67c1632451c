// `lab up` and `lab down`: build the two-namespace MPTCP testbed, and remove all of it again.
import { mkdir, rm } from 'node:fs/promises';
import type { LabPathName } from './lab-constants.js';
import { resolveLabConfig } from './lab-config.js';
import type { LabConfig, LabTarget, LabUpOptions } from './lab-config.js';
import { LabExistsError } from './lab-errors.js';
import { assertRoot, runCommand, runPlan } from './lab-exec.js';
import type { StepListener } from './lab-exec.js';
import { planLabUp, planNamespaceDelete } from './lab-plan.js';
import { endPids, namespacePids, recordedPids } from './lab-processes.js';
import { checkLab } from './lab-check.js';
import { assertLabTools } from './lab-tools.js';
import { listNamespaces, readLabStatus } from './lab-status.js';

/** Options of `labUp`. */
export interface LabUpRunOptions extends LabUpOptions {
  /** Called before each command of the plan (progress output). */
  onStep?: StepListener;
}

/** What `labUp` did. */
export interface LabUpResult {
  /** The lab's prefix. */
  readonly prefix: string;
  /** Client and server namespace names. */
  readonly namespaces: LabConfig['namespaces'];
  /** Shaping rate per path and direction, in Mbit/s. */
  readonly rates: Readonly<Record<LabPathName, number>>;
  /** True when a matching lab already existed and was left as it was. */
  readonly reused: boolean;
  /** Time taken, in seconds. */
  readonly seconds: number;
}

/** What `labDown` removed. */
export interface LabDownResult {
  /** The lab's prefix. */
  readonly prefix: string;
  /** Namespaces deleted (empty when there were none). */
  readonly removedNamespaces: readonly string[];
  /** Lab processes ended. */
  readonly endedPids: readonly number[];
  /** Time taken, in seconds. */
  readonly seconds: number;
}

/** Deletes those of the given namespaces that exist, ending their processes first. */
async function removeNamespaces(
  names: readonly string[],
): Promise<{ removed: string[]; pids: number[] }> {
  const existing = new Set(await listNamespaces());
  const present = names.filter((name) => existing.has(name));
  const pids = (await Promise.all(present.map((name) => namespacePids(name)))).flat();
  await endPids(pids);
  for (const command of planNamespaceDelete(present)) await runCommand(command.argv);
  return { removed: present, pids };
}

/**
 * Builds the lab. When a lab with this prefix exists and matches the options it is reused;
 * when it differs, LabExistsError says what differs. A failed step removes what was made and
 * throws LabStepError with the command's stderr.
 */
export async function labUp(options: LabUpRunOptions = {}): Promise<LabUpResult> {
  assertRoot();
  // Every tool of the lab, traffic's too: a missing one is named now, with its package.
  assertLabTools();
  const config = resolveLabConfig(options);
  const started = performance.now();
  const result = (reused: boolean): LabUpResult => ({
    prefix: config.prefix,
    namespaces: config.namespaces,
    rates: config.rates,
    reused,
    seconds: (performance.now() - started) / 1000,
  });
  const existing = await listNamespaces();
  const { client, server } = config.namespaces;
  if (existing.includes(client) || existing.includes(server)) {
    const problems = checkLab(await readLabStatus(config), config.rates);
    if (problems.length > 0) throw new LabExistsError(config.prefix, problems);
    return result(true);
  }
  await runPlan(
    planLabUp(config),
    async (created) => {
      await removeNamespaces(created);
    },
    options.onStep,
  );
  await mkdir(config.runDir, { recursive: true });
  return result(false);
}

/**
 * Removes the lab: ends its processes (recorded pid files, then whatever runs inside its
 * namespaces), deletes both namespaces (their veths go with them) and its pid directory.
 * Safe to repeat: nothing to remove is not an error.
 */
export async function labDown(options: LabTarget = {}): Promise<LabDownResult> {
  assertRoot();
  const config = resolveLabConfig({ prefix: options.prefix });
  const started = performance.now();
  const recorded = await recordedPids(config.runDir);
  await endPids(recorded);
  const { removed, pids } = await removeNamespaces([
    config.namespaces.client,
    config.namespaces.server,
  ]);
  await rm(config.runDir, { recursive: true, force: true });
  return {
    prefix: config.prefix,
    removedNamespaces: removed,
    endedPids: [...new Set([...recorded, ...pids])],
    seconds: (performance.now() - started) / 1000,
  };
}
