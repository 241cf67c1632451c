// The metrics options of `subflow serve` (--metrics, --metrics-token, --metrics-listen): their
// help text and what they ask for, checked. Pure; bad values throw MetricsOptionError.
import { generateToken, isLoopbackAddress, isUsableToken } from '../http/auth.js';
import { MetricsOptionError, parseListenAddress } from './listen-address.js';
import type { ListenAddress } from './listen-address.js';

/** parseArgs options to merge into a command's own. */
export const metricsCommandOptions = {
  metrics: { type: 'boolean' },
  'metrics-token': { type: 'string' },
  'metrics-listen': { type: 'string' },
} as const;

export const METRICS_OPTIONS_HELP = `  --metrics         serve Prometheus metrics at /metrics on the same port; Prometheus
                    sends the metrics token as "Authorization: Bearer TOKEN"
  --metrics-token T the metrics token (default: a random one, printed at start); it is
                    not the access token, and only reads metrics
  --metrics-listen ADDR:PORT
                    also serve /metrics on a plain listener of its own (just PORT means
                    127.0.0.1:PORT; 0 = any free port); no token unless --metrics-token;
                    a non-loopback ADDR needs --allow-remote`;

/** What the metrics options ask for; null when metrics are off. */
export interface MetricsPlan {
  /** Token of /metrics on the main port; null when it is not served there. */
  readonly mainPortToken: string | null;
  /** The listener of its own, and the token it wants (null: none). */
  readonly listener: { readonly at: ListenAddress; readonly token: string | null } | null;
}

/**
 * Reads the metrics options; generates the main-port token when none is given. A non-loopback
 * --metrics-listen is refused unless `allowRemote` (--allow-remote).
 */
export function readMetricsOptions(
  values: { metrics?: boolean; 'metrics-token'?: string; 'metrics-listen'?: string },
  allowRemote = false,
): MetricsPlan | null {
  const onMainPort = values.metrics === true;
  const listen = values['metrics-listen'];
  const token = values['metrics-token'];
  if (!onMainPort && listen === undefined) {
    if (token !== undefined) {
      throw new MetricsOptionError('--metrics-token needs --metrics or --metrics-listen');
    }
    return null;
  }
  if (token !== undefined && !isUsableToken(token)) {
    throw new MetricsOptionError(
      '--metrics-token needs 16–256 characters of A–Z, a–z, 0–9, ".", "_", "~" or "-"',
    );
  }
  const at = listen === undefined ? null : parseListenAddress(listen);
  if (at !== null && !isLoopbackAddress(at.address) && !allowRemote) {
    throw new MetricsOptionError(
      `--metrics-listen ${at.address} is reachable from other machines; pass --allow-remote ` +
        'as well if they may read the metrics, or use a loopback address',
    );
  }
  return {
    mainPortToken: onMainPort ? (token ?? generateToken()) : null,
    listener: at === null ? null : { at, token: token ?? null },
  };
}
