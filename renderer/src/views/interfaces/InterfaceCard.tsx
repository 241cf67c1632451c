// One interface, like nload: incoming and outgoing charts over the chosen window with Curr /
// Avg / Min / Max / Ttl beside each, its addresses, and its multipath state and toggles with
// what the last change said. Both charts are drawn in the interface's own colour (the one its
// subflows and events carry); incoming is a solid line, outgoing a dashed one, each titled.
import { memo, useId, useState } from 'react';
import type { Endpoint, InterfaceState, MultipathMode } from '../../../../electron/contract.js';
import { formatBytes, formatRate } from '../../format/units.js';
import type { SeriesBuffer, Units } from '../../store/store.js';
import {
  endpointText,
  MODE_DESCRIPTIONS,
  modeMeaning,
  modeWord,
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
  /** The interface's colour (charts/interface-colors.ts). */
  readonly color: string;
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
  readonly color: string;
}

/** Incoming solid, outgoing dashed: the direction is told by line style, never by colour. */
const OUT_DASH = '5 3';

function Direction(props: DirectionProps) {
  const { title, name, time, values, current, total, since, now, units, windowSeconds, color } =
    props;
  const stats = windowStats(time, values, since);
  const rate = (v: number | null) => (v === null ? '—' : formatRate(v, units));
  const dash = title === 'Outgoing' ? OUT_DASH : undefined;
  return (
    <div className="direction">
      <div className="direction-chart">
        <div className="direction-title">
          <svg className="line-key" width="18" height="8" aria-hidden="true" focusable="false">
            <line
              x1="1"
              y1="4"
              x2="17"
              y2="4"
              stroke={color}
              strokeWidth="2"
              strokeDasharray={dash}
            />
          </svg>
          {title}
        </div>
        <RateChart
          time={time}
          values={values}
          since={since}
          until={now}
          units={units}
          color={color}
          dash={dash}
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

/**
 * "Multipath on|off|backup|initial path only": the word is focusable, and its one-line meaning
 * shows on hover and focus and is its accessible description.
 */
function ModeLabel({ mode, subflows }: { mode: MultipathMode; subflows: number }) {
  const word = modeWord(mode, subflows);
  const [open, setOpen] = useState(false);
  const id = useId();
  const show = () => {
    setOpen(true);
  };
  const hide = () => {
    setOpen(false);
  };
  return (
    <span className="multipath-label">
      Multipath{' '}
      <strong
        className={`mode mode-word mode-${word === 'initial path only' ? 'initial' : word}`}
        tabIndex={0}
        aria-describedby={id}
        title={MODE_DESCRIPTIONS[word]}
        onFocus={show}
        onBlur={hide}
        onMouseEnter={show}
        onMouseLeave={hide}
      >
        {word}
      </strong>
      <span id={id} className="visually-hidden">
        {MODE_DESCRIPTIONS[word]}
      </span>
      {open && (
        <span className="mode-word-hint" aria-hidden="true">
          {MODE_DESCRIPTIONS[word]}
        </span>
      )}
    </span>
  );
}

function InterfaceCardImpl(props: InterfaceCardProps) {
  const { iface, endpoints, series, subflows, units, windowSeconds, now } = props;
  const { pending, error, notes, blockedReason, onSet, color, onForget } = props;
  const since = now - windowSeconds * 1000;
  const disabledReason = blockedReason ?? iface.multipathDisabledReason;
  return (
    <article
      className="interface-card"
      aria-labelledby={`iface-${iface.name}`}
      style={{ borderTopColor: color }}
      data-iface-color={color}
    >
      <div className="card-head">
        <h3 id={`iface-${iface.name}`}>
          <span className="iface-swatch" style={{ background: color }} aria-hidden="true" />
          {iface.name}
        </h3>
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
        color={color}
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
        color={color}
      />
      <div className="card-foot">
        <ModeLabel mode={iface.multipath} subflows={subflows} />
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
          {modeMeaning(modeWord(iface.multipath, subflows))}
          {endpoints.length > 0 && ` · ${endpointText(endpoints)}`}
          {subflows > 0 && ` · ${subflows} subflow${subflows === 1 ? '' : 's'} here`}
        </p>
        {onForget !== undefined && (
          <CardOwnership iface={iface} blockedReason={blockedReason} onForget={onForget} />
        )}
        {disabledReason !== undefined && <p className="note-disabled">{disabledReason}</p>}
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
