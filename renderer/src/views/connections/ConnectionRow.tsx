// One row of the connections table: memoised on what it shows (row-data.ts), so only rows whose
// data changed re-render on a tick. What changes every tick regardless lives in leaves that read
// the store themselves: the age (from the snapshot's time, the one shared clock) and the
// sparkline (from the connection's series). The whole row toggles its detail on click; the first cell's button carries the
// keyboard focus and aria-expanded (Enter / Space click it, and the click bubbles to the row).
// Its accessible name is its visible text (plus hidden joining words), so speech users can say
// what they see. The throughput cell shows the path mix: which interfaces carry the traffic; on
// the connection's first reading it says the rate is being measured (a rate needs two readings,
// so "0 bit/s" and "idle" would be untrue there).
import { memo, useMemo } from 'react';
import type { Connection } from '../../../../electron/contract.js';
import { Sparkline } from '../../charts/Sparkline.js';
import type { InterfaceColorOf } from '../../charts/interface-colors.js';
import { RX_COLOR } from '../../charts/series-colors.js';
import { formatDuration, formatRate, NO_VALUE } from '../../format/units.js';
import { useSubflowStore, type SeriesBuffer, type Units } from '../../store/store.js';
import { socketText } from './address-text.js';
import { pathMix, pathMixText, UNKNOWN_PATH } from './path-mix.js';
import { sameRowData } from './row-data.js';
import { throughput } from './sort-connections.js';

export interface ConnectionRowProps {
  readonly connection: Connection;
  readonly expanded: boolean;
  readonly units: Units;
  /** id of the detail row this row controls. */
  readonly detailId: string;
  readonly onToggle: (token: string) => void;
  /** Interface colours for the path-mix bar; without it the bar is drawn in the muted colour. */
  readonly colorOf?: InterfaceColorOf | undefined;
}

const SPARK_WIDTH = 96;
const SPARK_HEIGHT = 22;

function totals(series: SeriesBuffer | undefined): number[] {
  if (series === undefined) return [];
  return series.time.map((_, i) => (series.tx[i] ?? 0) + (series.rx[i] ?? 0));
}

/** The connection's age at the time of the snapshot shown; re-renders when its text changes. */
function AgeCell({ firstSeen }: { firstSeen: number }) {
  const text = useSubflowStore((s) =>
    formatDuration(Math.max(0, (s.snapshot?.time ?? 0) - firstSeen)),
  );
  return <td className="col-age num">{text}</td>;
}

/**
 * The connection's recent throughput from its series in the store. A window without traffic
 * would draw a flat line that reads as "dead": the path mix beside it says "idle" instead.
 */
function ThroughputSparkline({ token }: { token: string }) {
  const series = useSubflowStore((s) => s.connectionSeries[token]);
  const values = useMemo(() => totals(series), [series]);
  if (!values.some((v) => v > 0)) return null;
  return <Sparkline values={values} width={SPARK_WIDTH} height={SPARK_HEIGHT} color={RX_COLOR} />;
}

/** The app holding the connection: its name, with pid, user and command line on hover. */
function AppCell({ process: p }: { process: Connection['process'] }) {
  if (p === undefined) return <td className="col-app muted">—</td>;
  if (p === null) {
    return (
      <td className="col-app muted" title="No process found for this connection's socket">
        ?
      </td>
    );
  }
  const more = p.others ? ` and ${p.others} more process${p.others === 1 ? '' : 'es'}` : '';
  return (
    <td
      className="col-app"
      title={`${p.cmdline || p.name}\npid ${p.pid}${more}, user ${p.user ?? `uid ${p.uid}`}`}
    >
      <span className="app-name">{p.name}</span> <span className="app-pid">{p.pid}</span>
    </td>
  );
}

/** The title of a rate not known yet: the snapshot shown is the connection's first reading. */
export const FIRST_READING_TITLE =
  'measuring: this is the first reading of the connection, and a rate needs two (the next tick has it)';

/**
 * Whether the snapshot shown is the connection's first reading (the monitor first saw it at that
 * snapshot's time): its rates are not known yet, whatever the numbers say.
 */
export function useFirstReading(firstSeen: number): boolean {
  return useSubflowStore((s) => s.snapshot !== null && s.snapshot.time === firstSeen);
}

/** The share of the connection each interface carries, as a bar and in words. */
function PathMixBar({
  connection,
  colorOf,
  measuring,
}: {
  connection: Connection;
  colorOf?: InterfaceColorOf;
  /** The rates are not known yet: no bar, and "measuring" where "idle" would be. */
  measuring: boolean;
}) {
  const mix = useMemo(() => pathMix(connection), [connection]);
  return (
    <span className={mix.idle ? 'path-mix is-idle' : 'path-mix'}>
      {!mix.idle && !measuring && (
        <span className="path-mix-bar" aria-hidden="true">
          {mix.shares.map((share) => (
            <span
              key={share.interface ?? UNKNOWN_PATH}
              className="path-mix-part"
              data-interface={share.interface ?? ''}
              style={{
                width: `${share.percent}%`,
                background: colorOf ? colorOf(share.interface) : 'var(--color-muted)',
              }}
            />
          ))}
        </span>
      )}
      <span className="path-mix-text">
        {measuring ? 'measuring · ' : mix.idle && 'idle · '}
        {mix.shares.map((share, i) => (
          <span key={share.interface ?? UNKNOWN_PATH} className="path-mix-name">
            {colorOf && (
              <span
                className="iface-swatch"
                style={{ background: colorOf(share.interface) }}
                aria-hidden="true"
              />
            )}
            {share.interface ?? UNKNOWN_PATH}
            {mix.idle || measuring ? '' : `\u00a0${share.percent}\u00a0%`}
            {i < mix.shares.length - 1 ? (mix.idle || measuring ? ', ' : ' · ') : ''}
          </span>
        ))}
        {mix.shares.length === 0 && pathMixText(mix)}
      </span>
    </span>
  );
}

/** Rate, sparkline and path mix; a leaf reading the store, as it tells the first reading. */
function ThroughputCell({
  connection: c,
  units,
  colorOf,
}: {
  connection: Connection;
  units: Units;
  colorOf?: InterfaceColorOf | undefined;
}) {
  const first = useFirstReading(c.firstSeen);
  return (
    <td
      className="col-throughput num"
      title={
        first
          ? FIRST_READING_TITLE
          : `sent ${formatRate(c.txRate, units)}, received ${formatRate(c.rxRate, units)}`
      }
    >
      <span className="rate">{first ? NO_VALUE : formatRate(throughput(c), units)}</span>
      <ThroughputSparkline token={c.token} />
      <PathMixBar connection={c} colorOf={colorOf} measuring={first} />
    </td>
  );
}

function ConnectionRowImpl(props: ConnectionRowProps) {
  const { connection: c, expanded, units, detailId, onToggle, colorOf } = props;
  return (
    <tr
      className={expanded ? 'connection-row is-expanded' : 'connection-row'}
      data-token={c.token}
      onClick={() => {
        onToggle(c.token);
      }}
    >
      <td className="col-endpoints">
        <button
          type="button"
          className="row-toggle"
          aria-expanded={expanded}
          aria-controls={expanded ? detailId : undefined}
        >
          <span className="chevron" aria-hidden="true">
            {expanded ? '▾' : '▸'}
          </span>
          <span className="endpoints">
            <span className="address">{socketText(c.local)}</span>
            <span className="arrow" aria-hidden="true">
              →
            </span>
            <span className="visually-hidden"> to </span>
            <span className="address">{socketText(c.remote)}</span>
          </span>
          <span className="visually-hidden">, connection </span>
          <span className="token">{c.token}</span>
        </button>
        {c.fallback && (
          // Plain TCP: one path, no failover. The reason is the kernel's, as far as it told.
          <abbr
            className="badge badge-fallback"
            title={`Fell back to plain TCP: ${c.fallbackReason ?? 'reason unknown'}`}
            aria-label={`TCP fallback: ${c.fallbackReason ?? 'reason unknown'}`}
          >
            TCP fallback
          </abbr>
        )}
      </td>
      <AppCell process={c.process} />
      <td className="col-state">{c.state}</td>
      <AgeCell firstSeen={c.firstSeen} />
      <td className="col-subflows num">{c.subflows.length}</td>
      <ThroughputCell connection={c} units={units} colorOf={colorOf} />
    </tr>
  );
}

/** Whether a row would draw `next` as it drew `previous`. */
function sameRowProps(previous: ConnectionRowProps, next: ConnectionRowProps): boolean {
  return (
    previous.expanded === next.expanded &&
    previous.units === next.units &&
    previous.detailId === next.detailId &&
    previous.onToggle === next.onToggle &&
    previous.colorOf === next.colorOf &&
    sameRowData(previous.connection, next.connection)
  );
}

/** A connections-table row; re-renders only when what it shows changes. */
export const ConnectionRow = memo(ConnectionRowImpl, sameRowProps);
