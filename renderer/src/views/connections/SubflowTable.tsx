// The expanded connection's subflows: interface (with its chart colour), addresses, ids, backup,
// TCP state, RTT, cwnd and rates. Subflows gone from the snapshot stay, greyed, as "closed"
// while their series lasts.
import type { Subflow } from '../../../../electron/contract.js';
import { formatRate } from '../../format/units.js';
import type { Units } from '../../store/store.js';
import { parseSubflowKey, socketText } from './address-text.js';
import { closedSubflowInfo, type StackedBand } from './stacked-series.js';
import type { PmEvent } from '../../../../electron/contract.js';

export interface SubflowTableProps {
  /** One per subflow, in chart order (colours match). */
  readonly bands: readonly StackedBand[];
  readonly live: ReadonlyMap<string, Subflow>;
  readonly events: readonly PmEvent[];
  readonly units: Units;
}

/** "12.3 ms" below 10 ms, "42 ms" above. */
export function rttText(ms: number): string {
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms).toString()} ms`;
}

const DASH = <span className="muted">—</span>;

function idsText(localId: number | undefined, remoteId: number | undefined): string {
  return `${localId?.toString() ?? '?'} / ${remoteId?.toString() ?? '?'}`;
}

function BackupBadge({ backup }: { backup: boolean | undefined }) {
  return backup === true ? <span className="badge badge-backup">backup</span> : DASH;
}

function Swatch({ color }: { color: string }) {
  return <span className="swatch" style={{ background: color }} aria-hidden="true" />;
}

function LiveRow({ band, s, units }: { band: StackedBand; s: Subflow; units: Units }) {
  return (
    <tr>
      <td>
        <Swatch color={band.color} />
        {s.interface ?? 'unknown'}
      </td>
      <td className="mono">{socketText(s.local)}</td>
      <td className="mono">{socketText(s.remote)}</td>
      <td className="num" title={`local id ${s.localId}, remote id ${s.remoteId}`}>
        {idsText(s.localId, s.remoteId)}
      </td>
      <td>
        <BackupBadge backup={s.backup} />
      </td>
      <td>{s.state}</td>
      <td className="num">{rttText(s.rttMs)}</td>
      <td className="num">{`${s.cwnd} seg`}</td>
      <td className="num">{formatRate(s.txRate, units)}</td>
      <td className="num">{formatRate(s.rxRate, units)}</td>
    </tr>
  );
}

function ClosedRow({ band, events }: { band: StackedBand; events: readonly PmEvent[] }) {
  const info = closedSubflowInfo(band.key, events);
  const parsed = parseSubflowKey(band.key);
  return (
    <tr className="is-closed">
      <td>
        <Swatch color={band.color} />
        {band.interface ?? 'unknown'}
      </td>
      <td className="mono">{parsed?.local ?? '?'}</td>
      <td className="mono">{parsed?.remote ?? '?'}</td>
      <td className="num">{idsText(info.localId, info.remoteId)}</td>
      <td>
        <BackupBadge backup={info.backup} />
      </td>
      <td>
        <span className="badge badge-closed">closed</span>
      </td>
      <td className="num">{DASH}</td>
      <td className="num">{DASH}</td>
      <td className="num">{DASH}</td>
      <td className="num">{DASH}</td>
    </tr>
  );
}

/** `<SubflowTable bands live events units />`. */
export function SubflowTable({ bands, live, events, units }: SubflowTableProps) {
  return (
    <table className="subflow-table">
      <thead>
        <tr>
          <th scope="col">Interface</th>
          <th scope="col">Local</th>
          <th scope="col">Remote</th>
          <th scope="col" className="num" title="local id / remote id">
            IDs
          </th>
          <th scope="col">Backup</th>
          <th scope="col">State</th>
          <th scope="col" className="num">
            RTT
          </th>
          <th scope="col" className="num" title="congestion window, in segments">
            cwnd
          </th>
          <th scope="col" className="num">
            Sent
          </th>
          <th scope="col" className="num">
            Received
          </th>
        </tr>
      </thead>
      <tbody>
        {bands.map((band) => {
          const s = live.get(band.key);
          return s ? (
            <LiveRow key={band.key} band={band} s={s} units={units} />
          ) : (
            <ClosedRow key={band.key} band={band} events={events} />
          );
        })}
      </tbody>
    </table>
  );
}
