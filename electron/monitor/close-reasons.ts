// Why a subflow closed, in words: the kernel's `sub-closed` event carries the subflow's socket
// error (sk_err, an errno value) and, when the peer reset it with an MP_TCPRST option, the reset
// reason code and flags it sent (net/mptcp/pm_netlink.c sends RESET_REASON / RESET_FLAGS only
// when `reset_seen`, i.e. an MP_TCPRST was received). Pure.

/** MP_TCPRST reason codes (include/uapi/linux/mptcp.h MPTCP_RST_*, RFC 8684 section 3.6). */
const RESET_REASONS: Readonly<Record<number, { readonly name: string; readonly words: string }>> = {
  0: { name: 'MPTCP_RST_EUNSPEC', words: 'unspecified' },
  1: { name: 'MPTCP_RST_EMPTCP', words: 'MPTCP-specific error' },
  2: { name: 'MPTCP_RST_ERESOURCE', words: 'lack of resources' },
  3: { name: 'MPTCP_RST_EPROHIBIT', words: 'administratively prohibited' },
  4: { name: 'MPTCP_RST_EWQ2BIG', words: 'too much outstanding data' },
  5: { name: 'MPTCP_RST_EBADPERF', words: 'path performs badly' },
  6: { name: 'MPTCP_RST_EMIDDLEBOX', words: 'middlebox interference' },
};

/** MP_TCPRST flag bit 0: the peer thinks the problem is transient (the path may work later). */
const RESET_TRANSIENT = 1;

/** Linux errno values a subflow's sk_err takes, with what they mean for a subflow. */
const ERRNO: Readonly<Record<number, { readonly name: string; readonly words: string }>> = {
  1: { name: 'EPERM', words: 'not permitted (a firewall rule refused it)' },
  12: { name: 'ENOMEM', words: 'out of memory' },
  22: { name: 'EINVAL', words: 'invalid argument' },
  32: { name: 'EPIPE', words: 'the other side had already closed' },
  71: { name: 'EPROTO', words: 'protocol error' },
  74: { name: 'EBADMSG', words: 'bad data mapping (MP_FAIL: a middlebox changed the data)' },
  90: { name: 'EMSGSIZE', words: 'message too long' },
  101: { name: 'ENETUNREACH', words: 'network unreachable' },
  103: { name: 'ECONNABORTED', words: 'aborted on this host' },
  104: {
    name: 'ECONNRESET',
    words: 'reset by the peer (a TCP reset from the peer or from a box on the path)',
  },
  110: { name: 'ETIMEDOUT', words: 'timed out: the path stopped answering' },
  111: { name: 'ECONNREFUSED', words: 'refused by the peer' },
  113: { name: 'EHOSTUNREACH', words: 'host unreachable' },
};

/** "ECONNRESET: reset by the peer (…)"; "error 42" for a value not in the table. */
export function errnoText(error: number): string {
  const known = ERRNO[Math.abs(error)];
  return known ? `${known.name}: ${known.words}` : `error ${Math.abs(error)}`;
}

/** "path performs badly (MPTCP_RST_EBADPERF, transient)"; unknown codes by number. */
export function resetReasonText(reason: number, flags?: number): string {
  const known = RESET_REASONS[reason];
  const code = known ? known.name : `code ${reason}`;
  const transient = flags !== undefined && (flags & RESET_TRANSIENT) !== 0 ? ', transient' : '';
  return `${known ? known.words : 'unknown reason'} (${code}${transient})`;
}

/** What a kernel `sub-closed` carries about why. */
export interface CloseFacts {
  readonly error?: number;
  readonly resetReason?: number;
  readonly resetFlags?: number;
}

/**
 * The reason of a kernel `sub-closed` in words. Without an error or a reset reason the kernel
 * recorded no failure: an orderly close, a removal by the path manager, a reset this host sent,
 * or (seen in the lab on 6.18) a join the peer refused because of its subflow limit.
 */
export function subClosedReason(facts: CloseFacts): string {
  const parts: string[] = [];
  if (facts.error) parts.push(errnoText(facts.error));
  if (facts.resetReason !== undefined) {
    parts.push(`the peer reset it: ${resetReasonText(facts.resetReason, facts.resetFlags)}`);
  }
  return parts.length > 0
    ? parts.join('; ')
    : 'the kernel gave no error and no reset reason (an orderly close, a removal by the path manager, a reset this host sent, or a join the peer refused)';
}

/** The reason of a close Subflow inferred from two samples: the kernel's was not received. */
export const INFERRED_CLOSE_REASON =
  'unknown: seen missing between two samples without a kernel event saying why (kernel ' +
  'events need CAP_NET_ADMIN)';
