// Hand-made DoctorInputs for the checks' unit tests, shaped like the lab's client namespace
// (red-c 198.51.100.1, blue-c 203.0.113.1 with endpoint id 1, table 200 for the blue address),
// built through the same doctorInputFrom the doctor uses on real reads.
import type { DoctorFinding } from '../../../electron/contract.js';
import { doctorInputFrom } from '../../../electron/doctor/doctor-input.js';
import type { DoctorInput, GatherOptions } from '../../../electron/doctor/doctor-input.js';
import type { DoctorKernelState } from '../../../native/kernel/doctor-ops.js';
import type { RawSample } from '../../../native/kernel/sample.js';
import { parseMptcpSysctls } from '../../../native/procfs/sysctl.js';
import type { Route } from '../../../native/rtnl/route.js';
import type { Rule } from '../../../native/rtnl/rule.js';
import { sample } from '../../fixtures/monitor/samples.js';

export const RED = 3;
export const BLUE = 5;

export function route(parts: Partial<Route> & Pick<Route, 'dst'>): Route {
  return {
    family: 4,
    table: 254,
    type: 'unicast',
    protocol: 2,
    scope: parts.gateway !== undefined ? 'global' : 'link',
    dstLength: parts.dst === null ? 0 : 24,
    srcLength: 0,
    nexthops: [],
    unknown: [],
    ...parts,
  };
}

export function rule(priority: number, table: number, from: string | null = null): Rule {
  return {
    family: 4,
    priority,
    table,
    action: 'table',
    from,
    fromLength: from === null ? 0 : 32,
    to: null,
    toLength: 0,
    invert: false,
    unknown: [],
  };
}

/** The lab client's routes: both subnets in main, the red subnet via blue in table 200. */
export const labRoutes = (): Route[] => [
  route({ dst: '198.51.100.0', oif: RED, prefsrc: '198.51.100.1' }),
  route({ dst: '203.0.113.0', oif: BLUE, prefsrc: '203.0.113.1' }),
  route({ dst: '198.51.100.0', oif: BLUE, gateway: '203.0.113.2', table: 200 }),
];

/** The lab client's rules: local, from 203.0.113.1 → 200, main, default. */
export const labRules = (): Rule[] => [
  rule(0, 255),
  rule(32765, 200, '203.0.113.1'),
  rule(32766, 254),
  rule(32767, 253),
];

export function labState(parts: Partial<DoctorKernelState> = {}): DoctorKernelState {
  return {
    routes: labRoutes(),
    rules: labRules(),
    sysctls: parseMptcpSysctls({ enabled: '1', path_manager: 'kernel', pm_type: '0' }),
    rpFilter: { all: 0, default: 0, interfaces: { lo: 0, 'red-c': 0, 'blue-c': 0 } },
    processes: [],
    problems: [],
    ...parts,
  };
}

/** A DoctorInput of the lab client (privileged, namespace "lab-cli"), with overrides. */
export function labInput(
  sampleParts: Partial<RawSample> = {},
  stateParts: Partial<DoctorKernelState> = {},
  options: Partial<GatherOptions> = {},
): DoctorInput {
  return doctorInputFrom(sample(0, sampleParts), labState(stateParts), {
    netns: 'lab-cli',
    ...options,
  });
}

export const ids = (findings: readonly DoctorFinding[]): string[] => findings.map((f) => f.id);

/** The one finding with `id`; throws when absent, so a test fails with the ids it got. */
export function finding(findings: readonly DoctorFinding[], id: string): DoctorFinding {
  const f = findings.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id} in [${ids(findings).join(', ')}]`);
  return f;
}
