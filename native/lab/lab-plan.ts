// The lab as data (pure): the ordered commands that build it, as argv arrays, never shell text.
import {
  BLUE_PATH,
  LAB_MPTCP_LIMITS,
  LAB_PATHS,
  LAB_SOURCE_ROUTE_TABLE,
  RED_PATH,
  TBF_BURST_SECONDS,
  TBF_LATENCY_MS,
  TBF_MIN_BURST_BYTES,
} from './lab-constants.js';
import type { LabConfig } from './lab-config.js';

/** One command of a plan. */
export interface LabCommand {
  /** What the step does, for progress and error messages. */
  readonly step: string;
  /** Program and arguments, run without a shell. */
  readonly argv: readonly string[];
  /** Namespace this command creates (so a failed `up` knows what to remove). */
  readonly createsNamespace?: string;
}

/**
 * Builds an argv array from a template: the literal text is split on whitespace, and each
 * interpolated value becomes part of the word it touches (`${a}/${b}` is one argument), never
 * split itself; arrays become one argument per element. No shell is ever involved.
 */
export function argv(
  strings: TemplateStringsArray,
  ...values: readonly (string | number | readonly string[])[]
): string[] {
  const out: string[] = [];
  let word: string | undefined;
  const end = (): void => {
    if (word !== undefined) out.push(word);
    word = undefined;
  };
  strings.forEach((text, i) => {
    text.split(/\s+/).forEach((piece, k) => {
      if (k > 0) end();
      if (piece !== '') word = (word ?? '') + piece;
    });
    const value = values[i];
    if (value === undefined) return;
    if (typeof value === 'string' || typeof value === 'number') {
      word = (word ?? '') + String(value);
    } else {
      end();
      out.push(...value);
    }
  });
  end();
  return out;
}

/** Sysctls set inside both namespaces (never in the machine's own namespace). */
export const LAB_SYSCTLS: readonly string[] = [
  'net.mptcp.enabled=1',
  // Replies to the blue subflow come back through blue-c although the server's address is on
  // the red subnet; with source routing that is legitimate, so reverse-path filtering is off.
  'net.ipv4.conf.all.rp_filter=0',
  'net.ipv4.conf.default.rp_filter=0',
];

/** tbf bucket size for a rate, in bytes: at least TBF_MIN_BURST_BYTES, else TBF_BURST_SECONDS at the rate. */
export function tbfBurstBytes(rateMbit: number): number {
  const bytesPerSecond = (rateMbit * 1e6) / 8;
  return Math.max(TBF_MIN_BURST_BYTES, Math.ceil(bytesPerSecond * TBF_BURST_SECONDS));
}

/** Arguments after `tbf` for a rate in Mbit/s. */
export function tbfArgs(rateMbit: number): string[] {
  const bits = Math.round(rateMbit * 1e6);
  return argv`rate ${bits}bit burst ${tbfBurstBytes(rateMbit)} latency ${TBF_LATENCY_MS}ms`;
}

/** Commands that build the lab, in order. */
export function planLabUp(config: LabConfig): LabCommand[] {
  const { client, server } = config.namespaces;
  const both = [client, server];
  const plan: LabCommand[] = [];
  const add = (step: string, args: string[]): void => {
    plan.push({ step, argv: args });
  };

  for (const ns of both) {
    plan.push({
      step: `create namespace ${ns}`,
      argv: argv`ip netns add ${ns}`,
      createsNamespace: ns,
    });
  }
  for (const ns of both) {
    add(`bring lo up in ${ns}`, argv`ip -n ${ns} link set lo up`);
    add(`enable MPTCP in ${ns}`, argv`ip netns exec ${ns} sysctl -q -w ${LAB_SYSCTLS}`);
  }
  for (const { clientInterface: c, serverInterface: s } of LAB_PATHS) {
    add(
      `create veth ${c}/${s}`,
      argv`ip -n ${client} link add ${c} type veth peer name ${s} netns ${server}`,
    );
  }
  for (const path of LAB_PATHS) {
    const ends = [
      [client, path.clientInterface, path.clientAddress],
      [server, path.serverInterface, path.serverAddress],
    ] as const;
    for (const [ns, dev, address] of ends) {
      // One segment per skb: tbf and the byte counters then see every frame with its headers,
      // so the counters agree with the configured rate (GSO super-packets count headers once).
      add(`one segment per packet on ${dev}`, argv`ip -n ${ns} link set dev ${dev} gso_max_segs 1`);
      add(`address ${dev}`, argv`ip -n ${ns} addr add ${address}/${path.prefixLength} dev ${dev}`);
      add(`bring ${dev} up`, argv`ip -n ${ns} link set dev ${dev} up`);
    }
  }
  const { subflows, addAddrAccepted } = LAB_MPTCP_LIMITS;
  for (const ns of both) {
    add(
      `MPTCP limits in ${ns}`,
      argv`ip -n ${ns} mptcp limits set subflows ${subflows} add_addr_accepted ${addAddrAccepted}`,
    );
  }
  const blue = BLUE_PATH;
  const table = LAB_SOURCE_ROUTE_TABLE;
  add(
    `subflow endpoint ${blue.clientAddress}`,
    argv`ip -n ${client} mptcp endpoint add ${blue.clientAddress} dev ${blue.clientInterface} subflow`,
  );
  add(
    `source rule for ${blue.clientAddress}`,
    argv`ip -n ${client} rule add from ${blue.clientAddress} table ${table}`,
  );
  add(
    `route ${RED_PATH.subnet} via ${blue.clientInterface} in table ${table}`,
    argv`ip -n ${client} route add ${RED_PATH.subnet} via ${blue.serverAddress} dev ${blue.clientInterface} table ${table}`,
  );
  for (const path of LAB_PATHS) {
    const rate = config.rates[path.name];
    const ends = [
      [client, path.clientInterface],
      [server, path.serverInterface],
    ] as const;
    for (const [ns, dev] of ends) {
      add(
        `shape ${dev} to ${rate} Mbit/s`,
        argv`tc -n ${ns} qdisc add dev ${dev} root tbf ${tbfArgs(rate)}`,
      );
    }
  }
  return plan;
}

/** Commands that delete the given namespaces (their veths go with them). */
export function planNamespaceDelete(namespaces: readonly string[]): LabCommand[] {
  return namespaces.map((ns) => ({
    step: `delete namespace ${ns}`,
    argv: argv`ip netns del ${ns}`,
  }));
}
