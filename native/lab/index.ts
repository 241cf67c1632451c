// The lab's public API: a two-path MPTCP testbed in network namespaces for tests and the demo.
export * from './lab-constants.js';
export { resolveLabConfig, validatePrefix } from './lab-config.js';
export type { LabConfig, LabTarget, LabUpOptions } from './lab-config.js';
export * from './lab-errors.js';
export { planLabUp, planNamespaceDelete, tbfArgs, tbfBurstBytes } from './lab-plan.js';
export type { LabCommand } from './lab-plan.js';
export type { StepListener } from './lab-exec.js';
export { labUp, labDown } from './lab-lifecycle.js';
export type { LabDownResult, LabUpResult, LabUpRunOptions } from './lab-lifecycle.js';
export { labStatus, listNamespaces, readLabStatus, readLinkCounters } from './lab-status.js';
export type { LabInterfaceStatus, LabNamespaceStatus, LabStatus } from './lab-status.js';
export { checkLab, formatMbit, renderLabStatus } from './lab-check.js';
export { labTraffic } from './lab-traffic.js';
export { LAB_TOOLS, assertLabTools } from './lab-tools.js';
export type {
  LabPathTraffic,
  LabTrafficOptions,
  LabTrafficResult,
  TrafficDirection,
} from './lab-traffic.js';
export { countHeldConnections, holdConnections, stopHeldConnections } from './lab-hold.js';
export type { HeldConnections, HeldPoolCount, HoldConnectionsOptions } from './lab-hold.js';
export type { LabEndpointInfo, LabLimits, LinkCounters } from './lab-parse.js';
export type { IperfSummary } from './lab-parse-tools.js';
