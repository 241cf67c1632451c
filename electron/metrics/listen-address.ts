// `--metrics-listen ADDR:PORT` parsed: "9464", "127.0.0.1:9464", "[::1]:9464", "localhost:0".
// Pure; a bad value is a MetricsOptionError whose message says what to write instead.
import { isIP, isIPv6 } from 'node:net';

/** Address the metrics listener uses when only a port is given. */
export const DEFAULT_METRICS_ADDRESS = '127.0.0.1';

/** A bad metrics option: the message says what was wrong and what to write. */
export class MetricsOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsOptionError';
  }
}

/** Where the metrics listener listens. */
export interface ListenAddress {
  /** IP literal (IPv6 without brackets) or "localhost". */
  readonly address: string;
  /** 0 = any free port. */
  readonly port: number;
}

const EXAMPLE = 'e.g. 127.0.0.1:9464, [::1]:9464 or just 9464 for loopback';

/** Parses "PORT", "ADDR:PORT" or "[IPV6]:PORT". */
export function parseListenAddress(text: string): ListenAddress {
  const value = text.trim();
  let address = DEFAULT_METRICS_ADDRESS;
  let portText = value;
  const bracketed = /^\[([^\]]+)\]:([^:]*)$/.exec(value);
  if (bracketed) {
    address = bracketed[1] ?? '';
    portText = bracketed[2] ?? '';
    if (!isIPv6(address)) throw bad(text, `"${address}" is not an IPv6 address`);
  } else if (value.includes(':')) {
    const colon = value.lastIndexOf(':');
    address = value.slice(0, colon);
    portText = value.slice(colon + 1);
    if (address.includes(':')) throw bad(text, 'write an IPv6 address in brackets');
    if (address.toLowerCase() === 'localhost') address = 'localhost';
    else if (isIP(address) !== 4) throw bad(text, `"${address}" is not an IP address`);
  }
  if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) > 65_535) {
    throw bad(text, `"${portText}" is not a port number 0–65535`);
  }
  return { address, port: Number(portText) };
}

function bad(text: string, why: string): MetricsOptionError {
  return new MetricsOptionError(`--metrics-listen '${text}': ${why} (${EXAMPLE})`);
}
