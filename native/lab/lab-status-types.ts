// What `lab status` finds, as data: read by lab-status.ts, checked and rendered by lab-check.ts
// (a module of its own so the two import it rather than each other).
import type { LabEndpointInfo, LabLimits, LabRouteInfo, LabRuleInfo } from './lab-parse.js';

/** An interface of a lab namespace with its shaping. */
export interface LabInterfaceStatus {
  /** Interface name. */
  readonly name: string;
  /** Administratively up. */
  readonly up: boolean;
  /** Addresses with prefix length. */
  readonly addresses: readonly string[];
  /** Root qdisc kind (`tbf`, `noqueue`…), null when none is reported. */
  readonly qdisc: string | null;
  /** tbf rate in Mbit/s, null when not shaped by tbf. */
  readonly rateMbit: number | null;
}

/** One namespace of the lab as found. */
export interface LabNamespaceStatus {
  /** Namespace name. */
  readonly name: string;
  /** Whether it exists. The fields below are empty/null when it does not. */
  readonly exists: boolean;
  /** net.mptcp.enabled inside it. */
  readonly mptcpEnabled: boolean | null;
  /** Interfaces, lo included. */
  readonly interfaces: readonly LabInterfaceStatus[];
  /** MPTCP endpoints. */
  readonly endpoints: readonly LabEndpointInfo[];
  /** MPTCP limits. */
  readonly limits: LabLimits | null;
  /** Policy rules. */
  readonly rules: readonly LabRuleInfo[];
  /** Routes of the lab's source-routing table. */
  readonly sourceRoutes: readonly LabRouteInfo[];
  /** Processes running inside it. */
  readonly pids: readonly number[];
}

/** What exists of a lab. */
export interface LabStatus {
  /** The lab's prefix. */
  readonly prefix: string;
  /** Both namespaces exist and look as `up` makes them (any rates). */
  readonly up: boolean;
  /** Client namespace. */
  readonly client: LabNamespaceStatus;
  /** Server namespace. */
  readonly server: LabNamespaceStatus;
  /** What differs from a complete lab, one line each; empty when up. */
  readonly problems: readonly string[];
}
