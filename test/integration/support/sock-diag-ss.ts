// A deliberately small reader of `ss -tinMH` text, enough to cross-check the sock_diag decoder
// (addresses, ports, states, tokens, ids, subflow flag letters). The product's full parser lives
// in native/text/; this one only serves the sock-diag tests.

export interface SsEndpoint {
  readonly address: string;
  readonly port: number;
  /** The `%dev` suffix ss prints for a socket bound to an interface. */
  readonly iface?: string;
}

export interface SsSocket {
  readonly kind: 'tcp' | 'mptcp';
  /** ss's state word: ESTAB, LISTEN, … */
  readonly state: string;
  readonly local: SsEndpoint;
  readonly remote: SsEndpoint;
  /** mptcp lines: the connection token. */
  readonly token?: number;
  /** tcp lines with tcp-ulp-mptcp: `token:REM(id:R)/LOC(id:L)` and the flag letters. */
  readonly tokenRemote?: number;
  readonly remoteId?: number;
  readonly tokenLocal?: number;
  readonly localId?: number;
  readonly subflowFlags?: string;
}

function endpoint(text: string): SsEndpoint {
  const colon = text.lastIndexOf(':');
  let host = text.slice(0, colon);
  const port = text.slice(colon + 1);
  let iface: string | undefined;
  const pct = host.lastIndexOf('%');
  if (pct >= 0) {
    iface = host.slice(pct + 1);
    host = host.slice(0, pct);
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.startsWith('::ffff:') && host.includes('.')) host = host.slice('::ffff:'.length);
  if (host === '*') host = '0.0.0.0';
  return { address: host, port: port === '*' ? 0 : Number(port), iface };
}

export function parseSsTinM(text: string): SsSocket[] {
  const out: SsSocket[] = [];
  let head: string[] | null = null;
  let detail = '';
  const flush = (): void => {
    if (!head) return;
    const [kind, state, , , local, remote] = head;
    if ((kind === 'tcp' || kind === 'mptcp') && state && local && remote) {
      const sub =
        /tcp-ulp-mptcp flags:(\S*) token:([0-9a-f]+)\(id:(\d+)\)\/([0-9a-f]+)\(id:(\d+)\)/.exec(
          detail,
        );
      const tok = kind === 'mptcp' ? /(?:^|\s)token:([0-9a-f]+)/.exec(detail) : null;
      out.push({
        kind,
        state,
        local: endpoint(local),
        remote: endpoint(remote),
        token: tok?.[1] === undefined ? undefined : parseInt(tok[1], 16),
        subflowFlags: sub?.[1],
        tokenRemote: sub?.[2] === undefined ? undefined : parseInt(sub[2], 16),
        remoteId: sub?.[3] === undefined ? undefined : Number(sub[3]),
        tokenLocal: sub?.[4] === undefined ? undefined : parseInt(sub[4], 16),
        localId: sub?.[5] === undefined ? undefined : Number(sub[5]),
      });
    }
    head = null;
    detail = '';
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) {
      detail += ` ${line.trim()}`;
    } else {
      flush();
      head = line.trim().split(/\s+/);
    }
  }
  flush();
  return out;
}
