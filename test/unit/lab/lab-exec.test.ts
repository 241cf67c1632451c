// Unit tests of the lab's command runner and root guard (no root needed: harmless commands only).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdConnections } from '../../../native/lab/lab-hold.js';
import { labDown, labUp } from '../../../native/lab/lab-lifecycle.js';
import { labStatus } from '../../../native/lab/lab-status.js';
import { labTraffic } from '../../../native/lab/lab-traffic.js';
import {
  LabCommandError,
  LabPermissionError,
  LabStepError,
  LabToolMissingError,
} from '../../../native/lab/lab-errors.js';
import { runCommand, runPlan } from '../../../native/lab/lab-exec.js';
import type { LabCommand } from '../../../native/lab/lab-plan.js';

const node = process.execPath;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('runCommand', () => {
  it('passes arguments without a shell', async () => {
    const out = await runCommand([node, '-e', 'console.log(process.argv[1])', '$(echo hi); *']);
    expect(out.stdout).toBe('$(echo hi); *\n');
  });

  it('reports the exit code and stderr of a failing command', async () => {
    const failing = runCommand([node, '-e', 'process.stderr.write("boom\\n"); process.exit(3)']);
    await expect(failing).rejects.toBeInstanceOf(LabCommandError);
    await expect(failing).rejects.toMatchObject({
      exitCode: 3,
      stderr: 'boom',
      code: 'command-failed',
    });
  });

  it('names a missing program', async () => {
    await expect(runCommand(['subflow-no-such-tool-xyz'])).rejects.toBeInstanceOf(
      LabToolMissingError,
    );
  });
});

describe('runPlan', () => {
  it('stops at the first failing step, undoes what was created and names the step', async () => {
    const ok = (step: string, createsNamespace?: string): LabCommand => ({
      step,
      argv: [node, '-e', ''],
      ...(createsNamespace === undefined ? {} : { createsNamespace }),
    });
    const plan: LabCommand[] = [
      ok('make a', 'ns-a'),
      ok('configure a'),
      {
        step: 'break',
        argv: [node, '-e', 'process.stderr.write("no such device"); process.exit(2)'],
      },
      ok('never run', 'ns-b'),
    ];
    const seen: string[] = [];
    const undone: string[][] = [];
    const run = runPlan(
      plan,
      (created) => {
        undone.push([...created]);
        return Promise.resolve();
      },
      (command) => seen.push(command.step),
    );
    await expect(run).rejects.toBeInstanceOf(LabStepError);
    await expect(run).rejects.toMatchObject({ step: 'break', stderr: 'no such device' });
    await expect(run).rejects.toThrow(/Everything made so far was removed/);
    expect(seen).toEqual(['make a', 'configure a', 'break']);
    expect(undone).toEqual([['ns-a']]);
  });

  it('says so when the clean-up fails too', async () => {
    const plan: LabCommand[] = [{ step: 'break', argv: [node, '-e', 'process.exit(1)'] }];
    const run = runPlan(plan, () => Promise.reject(new Error('busy')));
    await expect(run).rejects.toThrow(/Removing what was made also failed \(busy\)/);
  });
});

describe('without root', () => {
  it('every entry point throws LabPermissionError before doing anything', async () => {
    vi.spyOn(process, 'getuid').mockReturnValue(1000);
    for (const attempt of [
      () => labUp({ prefix: 'never' }),
      () => labDown({ prefix: 'never' }),
      () => labStatus({ prefix: 'never' }),
      () => labTraffic({ prefix: 'never' }),
      () => holdConnections({ prefix: 'never' }),
    ]) {
      await expect(attempt()).rejects.toBeInstanceOf(LabPermissionError);
    }
    await expect(labUp()).rejects.toThrow(/needs root: run it again with sudo/);
  });
});
