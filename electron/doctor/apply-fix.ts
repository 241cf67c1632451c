// Applying a finding's fix: exactly the actions its commands show, on the namespace's kernel
// thread (endpoints and limits by mptcp_pm netlink, sysctls through /proc/sys inside the
// namespace, rules and routes by rtnetlink), each read back; then the checks run again on a
// fresh read, so the caller learns whether the finding is gone.
import type { DoctorApplyResult } from '../contract.js';
import { ControlError } from '../control/control-error.js';
import { runInOrder } from '../control/run-in-order.js';
import type { Diagnosis } from './check.js';
import { gatherDoctorInput } from './doctor-input.js';
import type { DoctorKernel, GatherOptions } from './doctor-input.js';
import { prefixContains } from './facts.js';
import { commandFor, sysctlName } from './fix-plan.js';
import type { FixAction } from './fix-plan.js';
import { buildReport, diagnose } from './run-checks.js';

/** The result of applying a fix, and whether the re-run still reports the same finding. */
export interface ApplyOutcome extends DoctorApplyResult {
  readonly stillPresent: boolean;
}

const readBackFailed = (action: FixAction, what: string): ControlError =>
  new ControlError(
    'kernel',
    `'${commandFor(action, null)}' was accepted but ${what}: something else may be changing ` +
      'the same setting (NetworkManager, mptcpd?); run the doctor again',
  );

/** Runs one action and checks the kernel's read-back. */
async function runAction(kernel: DoctorKernel, action: FixAction): Promise<void> {
  switch (action.kind) {
    case 'sysctl': {
      const got = await kernel.call('writeSysctl', { path: action.path, value: action.value });
      if (got !== action.value) {
        throw readBackFailed(action, `${sysctlName(action.path)} reads back ${got}`);
      }
      return;
    }
    case 'limits': {
      const wanted = {
        ...(action.subflows !== undefined ? { subflows: action.subflows } : {}),
        ...(action.addAddrAccepted !== undefined
          ? { addAddrAccepted: action.addAddrAccepted }
          : {}),
      };
      const got = await kernel.call('setLimits', wanted);
      const off = (['subflows', 'addAddrAccepted'] as const).find(
        (k) => wanted[k] !== undefined && got[k] !== wanted[k],
      );
      if (off) throw readBackFailed(action, `the ${off} limit reads back ${got[off]}`);
      return;
    }
    case 'endpoint-add': {
      const list = await kernel.call('addEndpoint', {
        address: action.address,
        ifindex: action.ifindex,
        flags: action.flags,
        ...(action.id !== undefined ? { id: action.id } : {}),
        ...(action.port !== undefined ? { port: action.port } : {}),
      });
      const made = list.find(
        (ep) => ep.address === action.address && (action.id === undefined || ep.id === action.id),
      );
      if (!made || action.flags.some((f) => !made.flags.includes(f))) {
        throw readBackFailed(action, `the endpoint for ${action.address} is not listed as asked`);
      }
      return;
    }
    case 'endpoint-delete': {
      const list = await kernel.call('deleteEndpoint', { id: action.id });
      if (list.some((ep) => ep.id === action.id)) {
        throw readBackFailed(action, `endpoint id ${action.id} is still listed`);
      }
      return;
    }
    case 'rule-add': {
      const spec = { from: action.from, fromLength: action.fromLength, table: action.table };
      const rules = await kernel.call('addSourceRule', spec);
      const there = rules.some(
        (r) =>
          r.table === spec.table &&
          r.from !== null &&
          r.fromLength === spec.fromLength &&
          prefixContains(r.from, r.fromLength, spec.from),
      );
      if (!there) throw readBackFailed(action, 'the rule is not listed');
      return;
    }
    case 'route-add': {
      const routes = await kernel.call('addTableRoute', {
        family: action.family,
        dst: action.dst,
        dstLength: action.dstLength,
        oif: action.ifindex,
        table: action.table,
        ...(action.gateway !== undefined ? { gateway: action.gateway } : {}),
      });
      const there = routes.some(
        (r) =>
          r.table === action.table &&
          r.dst === action.dst &&
          r.dstLength === action.dstLength &&
          r.oif === action.ifindex,
      );
      if (!there) throw readBackFailed(action, `table ${action.table} does not list the route`);
      return;
    }
  }
}

/**
 * Performs exactly the fix of one diagnosis, in order, each step read back. Throws
 * ControlError 'permission' (not privileged) or 'bad-request' (not automatable) before touching
 * anything; a failure after earlier steps says which steps were made.
 */
export async function applyFix(kernel: DoctorKernel, found: Diagnosis): Promise<void> {
  const { finding, plan } = found;
  const fix = finding.fix;
  if (!fix || !plan || !fix.applicable) {
    const reason = fix?.notApplicableReason ?? 'it has no fix Subflow can apply';
    // An automatable fix is refused here only for want of the capability; asking to apply one
    // only a person can make is a bad request.
    const automatable = plan !== undefined && !plan.manual && plan.actions.length > 0;
    const code = automatable ? 'permission' : 'bad-request';
    throw new ControlError(code, `cannot apply ${finding.id}: ${reason}`);
  }
  await runInOrder(plan.actions, (action) => runAction(kernel, action), {
    describe: (action) => `'${commandFor(action, null)}'`,
    consequence: `the fix of ${finding.id} is half made: run the doctor again to see what is left`,
  });
}

/**
 * Runs the checks on a fresh read, applies the fix of finding `id` from that run (ControlError
 * 'not-found' when the run does not report it), then reads everything again and re-runs the
 * checks: the report says what the kernel has now.
 */
export async function applyFinding(
  kernel: DoctorKernel,
  id: string,
  options: GatherOptions,
): Promise<ApplyOutcome> {
  const { diagnoses } = diagnose(await gatherDoctorInput(kernel, options));
  const found = diagnoses.find((d) => d.finding.id === id);
  if (!found) {
    const known = diagnoses.map((d) => d.finding.id).join(', ') || 'none';
    throw new ControlError(
      'not-found',
      `a fresh run of the checks does not report '${id}' (it reports: ${known}): it may be ` +
        'fixed already; run the doctor again for the current ids',
    );
  }
  await applyFix(kernel, found);
  const report = buildReport(await gatherDoctorInput(kernel, options));
  return {
    applied: found.finding,
    report,
    stillPresent: report.findings.some((f) => f.id === id),
  };
}
