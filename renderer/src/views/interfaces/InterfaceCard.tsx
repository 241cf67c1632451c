// One interface, like nload: incoming and outgoing charts over the chosen window with Curr /
// Avg / Min / Max / Ttl beside each, its addresses, and its multipath state and toggles with
// what the last change said.
import { memo } from 'react';
import type { Endpoint, InterfaceState, MultipathMode } from '../../../../electron/contract.js';
import { RX_COLOR, TX_COLOR } from '../../charts/series-colors.js';
import { formatBytes, formatRate } from '../../format/units.js';
import type { SeriesBuffer, Units } from '../../store/store.js';
import {
  endpointText,
  modeMeaning,
  OFF_WITH_TRAFFIC_NOTE,
  windowStats,
} from './interface-stats.js';
import { CardOwnership } from './CardOwnership.js';
import { MultipathToggle } from './MultipathToggle.js';
import { RateChart } from './RateChart.js';

export interface InterfaceCardProps {
  readonly iface: InterfaceState;
  readonly endpoints: readonly Endpoint[];
  readonly series: SeriesBuffer | undefined;
  /** MPTCP subflows leaving by this interface now. */
  readonly subflows: number;
  readonly units: Units;
  readonly windowSeconds: number;
  /** Time of the snapshot shown, ms since the epoch. */
  readonly now: number;
  readonly pending: MultipathMode | undefined;
  readonly error: string | undefined;
  readonly notes: readonly string[] | undefined;
  /** Why toggles cannot be used at all right now (replay, not connected), before the host's own reason. */
  readonly blockedReason: string | undefined;
  readonly onSet: (iface: string, mode: MultipathMode) => void;
  /** Forgets the remembered mode; absent where forgetting is not offered. */
  readonly onForget?: (iface: string) => void;
}

const EMPTY: readonly number[] = [];

interface DirectionProps {
  readonly title: 'Incoming' | 'Outgoing';
  readonly name: string;
  readonly time: readonly number[];
  readonly values: readonly number[];
  readonly current: number;
  readonly total: number;
  readonly since: number;
  readonly now: number;
  readonly units: Units;
  readonly windowSeconds: number;
}

function Direction(props: DirectionProps) {
  const { title, name, time, values, current, total, since, now, units, windowSeconds } = props;
  const stats = windowStats(time, values, since);
  const rate = (v: number | null) => (v === null ? '—' : formatRate(v, units));
  const color = title === 'Incoming' ? RX_COLOR : TX_COLOR;
  return (
    <div className="direction">
      <div className="direction-chart">
        <div className="direction-title">
          <span className="swatch" style={{ background: color }} aria-hidden="true" />
          {title}
        </div>
        <RateChart
          time={time}
          values={values}
          since={since}
          until={now}
          units={units}
          color={color}
          label={`${title} rate of ${name} over the last ${windowSeconds} s, now ${rate(current)}`}
        />
      </div>
      <dl className="stats" aria-label={`${title} statistics of ${name}`}>
        <dt>Curr</dt>
        <dd>{rate(current)}</dd>
        <dt>Avg</dt>
        <dd>{rate(stats.avg)}</dd>
        <dt>Min</dt>
        <dd>{rate(stats.min)}</dd>
        <dt>Max</dt>
        <dd>{rate(stats.max)}</dd>
        <dt>Ttl</dt>
        <dd>{formatBytes(total)}</dd>
      </dl>
    </div>
  );
}

function InterfaceCardImpl(props: InterfaceCardProps) {
  const { iface, endpoints, series, subflows, units, windowSeconds, now } = props;
  const { pending, error, notes, blockedReason, onSet, onForget } = props;
  const since = now - windowSeconds * 1000;
  const disabledReason = blockedReason ?? iface.multipathDisabledReason;
  const showOffNote = iface.multipath === 'off' && subflows > 0;
  return (
    <article className="interface-card" aria-labelledby={`iface-${iface.name}`}>
      <div className="card-head">
        <h3 id={`iface-${iface.name}`}>{iface.name}</h3>
        <span className={iface.up ? 'badge link-up' : 'badge link-down'}>
          {iface.up ? 'up' : 'down'}
        </span>
        <span className="addresses mono">
          {iface.addresses.length > 0 ? iface.addresses.join(', ') : 'no address'}
        </span>
      </div>
      <Direction
        title="Incoming"
        name={iface.name}
        time={series?.time ?? EMPTY}
        values={series?.rx ?? EMPTY}
        current={iface.rxRate}
        total={iface.rxBytes}
        since={since}
        now={now}
        units={units}
        windowSeconds={windowSeconds}
      />
      <Direction
        title="Outgoing"
        name={iface.name}
        time={series?.time ?? EMPTY}
        values={series?.tx ?? EMPTY}
        current={iface.txRate}
        total={iface.txBytes}
        since={since}
        now={now}
        units={units}
        windowSeconds={windowSeconds}
      />
      <div className="card-foot">
        <span className="multipath-label">
          Multipath <strong className={`mode mode-${iface.multipath}`}>{iface.multipath}</strong>
        </span>
        <MultipathToggle
          name={iface.name}
          mode={iface.multipath}
          pending={pending}
          disabledReason={disabledReason}
          onSet={(mode) => {
            onSet(iface.name, mode);
          }}
        />
      </div>
      <div className="card-notes">
        <p className="muted">
          {modeMeaning(iface.multipath)}
          {endpoints.length > 0 && ` · ${endpointText(endpoints)}`}
          {subflows > 0 && ` · ${subflows} subflow${subflows === 1 ? '' : 's'} here`}
        </p>
        {onForget !== undefined && (
          <CardOwnership iface={iface} blockedReason={blockedReason} onForget={onForget} />
        )}
        {disabledReason !== undefined && <p className="note-disabled">{disabledReason}</p>}
        {showOffNote && <p className="note-off">{OFF_WITH_TRAFFIC_NOTE}</p>}
        {error !== undefined && (
          <p className="note-error" role="alert">
            {error}
          </p>
        )}
        {notes !== undefined && notes.length > 0 && (
          <ul className="note-list" aria-label={`What changing ${iface.name} means`}>
            {notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </div>
    </article>
  );
}

/** An interface card; re-renders only when one of its props changes. */
export const InterfaceCard = memo(InterfaceCardImpl);
