// The interfaces, one card each in a responsive grid (loopback only with traffic or an
// endpoint). Selects narrowly: the cards re-render on a tick because their rates change.
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Endpoint } from '../../../../electron/contract.js';
import { useInterfaceColors } from '../../charts/interface-colors.js';
import { useSubflowStore } from '../../store/store.js';
import { InterfaceCard } from './InterfaceCard.js';
import { isDormant, subflowsPerInterface, visibleInterfaces } from './interface-stats.js';
import './interfaces.css';

const NO_ENDPOINTS: readonly Endpoint[] = [];

export const REPLAY_TOGGLE_REASON =
  'Replaying a recording: multipath switches act on the live kernel — use “Back to live” first.';
export const OFFLINE_TOGGLE_REASON =
  'Not connected to subflow serve: toggles return when it is back.';

export function InterfacesPanel() {
  const { interfaces, endpoints, connections, now } = useSubflowStore(
    useShallow((s) => ({
      interfaces: s.snapshot?.interfaces,
      endpoints: s.snapshot?.endpoints,
      connections: s.snapshot?.connections,
      now: s.snapshot?.time ?? 0,
    })),
  );
  const series = useSubflowStore((s) => s.interfaceSeries);
  const { units, windowSeconds } = useSubflowStore(useShallow((s) => s.settings));
  const pending = useSubflowStore((s) => s.pending);
  const errors = useSubflowStore((s) => s.toggleErrors);
  const notes = useSubflowStore((s) => s.toggleNotes);
  const setMultipath = useSubflowStore((s) => s.setMultipath);
  const forgetMultipath = useSubflowStore((s) => s.forgetMultipath);
  const replaying = useSubflowStore((s) => s.playback.mode === 'replay');
  const online = useSubflowStore((s) => s.api !== null && s.status.kind === 'open');

  const colorOf = useInterfaceColors();
  const [showDormant, setShowDormant] = useState(false);
  const candidates = useMemo(
    () => visibleInterfaces(interfaces ?? [], endpoints ?? []),
    [interfaces, endpoints],
  );
  const dormant = candidates.filter(isDormant);
  const shown = showDormant ? candidates : candidates.filter((i) => !isDormant(i));
  const subflows = useMemo(() => subflowsPerInterface(connections ?? []), [connections]);
  const endpointsOf = useMemo(() => {
    const map = new Map<string, Endpoint[]>();
    for (const e of endpoints ?? []) {
      if (e.interface === null) continue;
      map.set(e.interface, [...(map.get(e.interface) ?? []), e]);
    }
    return map;
  }, [endpoints]);

  const blockedReason = replaying
    ? REPLAY_TOGGLE_REASON
    : online
      ? undefined
      : OFFLINE_TOGGLE_REASON;
  const onSet = useMemo(
    () => (name: string, mode: Parameters<typeof setMultipath>[1]) => {
      void setMultipath(name, mode);
    },
    [setMultipath],
  );
  const onForget = useMemo(
    () => (name: string) => {
      void forgetMultipath(name);
    },
    [forgetMultipath],
  );

  return (
    <section className="interfaces" aria-labelledby="interfaces-heading">
      <h2 id="interfaces-heading">
        Interfaces <span className="heading-note">last {windowLabel(windowSeconds)}</span>
      </h2>
      {interfaces === undefined ? (
        <p className="muted">Waiting for the first sample…</p>
      ) : candidates.length === 0 ? (
        <p className="muted">This namespace has no network interface but loopback.</p>
      ) : (
        <div className="interface-grid">
          {shown.map((i) => (
            <InterfaceCard
              key={i.name}
              iface={i}
              endpoints={endpointsOf.get(i.name) ?? NO_ENDPOINTS}
              series={series[i.name]}
              subflows={subflows.get(i.name) ?? 0}
              units={units}
              windowSeconds={windowSeconds}
              now={now}
              pending={pending[i.name]}
              error={errors[i.name]}
              notes={notes[i.name]}
              blockedReason={blockedReason}
              onSet={onSet}
              color={colorOf(i.name)}
              onForget={onForget}
            />
          ))}
        </div>
      )}
      {dormant.length > 0 && (
        <p className="muted dormant-note">
          {showDormant ? 'Shown above: ' : 'Also here, down and without address: '}
          {dormant.map((i) => i.name).join(', ')}.{' '}
          <button
            type="button"
            className="link-button"
            aria-expanded={showDormant}
            onClick={() => {
              setShowDormant((v) => !v);
            }}
          >
            {showDormant ? 'Hide them' : 'Show them'}
          </button>
        </p>
      )}
    </section>
  );
}

function windowLabel(seconds: number): string {
  return seconds < 120 ? `${seconds} s` : `${seconds / 60} min`;
}
