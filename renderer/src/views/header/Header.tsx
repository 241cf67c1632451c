// The top bar: what is being watched (host facts), whether it is live or a replay, and the
// controls: monitor pause/interval, units and chart window, recording, and the sessions drawer.
import type { RefObject } from 'react';
import { useSubflowStore } from '../../store/store.js';
import { DisplayControls } from './DisplayControls.js';
import { HostFacts } from './HostFacts.js';
import { MonitorControls } from './MonitorControls.js';
import { RecordingControl } from './RecordingControl.js';
import './header.css';

export interface HeaderProps {
  /** Whether the sessions drawer is open. */
  readonly sessionsOpen: boolean;
  readonly onToggleSessions: () => void;
  readonly setupOpen: boolean;
  readonly setupId: string;
  readonly onToggleSetup: () => void;
  /** id of the sessions drawer, for aria-controls. */
  readonly sessionsId: string;
  /** The Sessions and Setup buttons, so focus returns to them when their drawer closes. */
  readonly sessionsButtonRef?: RefObject<HTMLButtonElement | null>;
  readonly setupButtonRef?: RefObject<HTMLButtonElement | null>;
}

/** LIVE, PAUSED, REPLAY, STALE or OFFLINE: where the numbers on screen come from. */
export function SourceIndicator() {
  const replay = useSubflowStore((s) =>
    s.playback.mode === 'replay' ? s.playback.session.id : null,
  );
  const paused = useSubflowStore((s) => s.monitor?.paused === true);
  const online = useSubflowStore((s) => s.status.kind === 'open');
  const stale = useSubflowStore((s) => s.snapshot?.stale?.reason ?? null);
  if (!online) {
    return (
      <span className="source source-offline" title="Not connected to the host: see the banner">
        OFFLINE
      </span>
    );
  }
  if (replay !== null) {
    return (
      <span className="source source-replay" title={`Replaying the recorded session ${replay}`}>
        REPLAY
      </span>
    );
  }
  if (stale !== null) {
    return (
      <span className="source source-stale" title={stale}>
        STALE
      </span>
    );
  }
  if (paused) {
    return (
      <span className="source source-paused" title="The monitor is paused: numbers are frozen">
        PAUSED
      </span>
    );
  }
  return (
    <span className="source source-live" title="Live from the kernel">
      <span className="live-dot" aria-hidden="true" />
      LIVE
    </span>
  );
}

export function Header(props: HeaderProps) {
  const { sessionsOpen, onToggleSessions, sessionsId, setupOpen, setupId, onToggleSetup } = props;
  const { sessionsButtonRef, setupButtonRef } = props;
  return (
    <header className="app-header">
      <div className="header-row">
        <h1 className="brand">Subflow</h1>
        <SourceIndicator />
        <HostFacts />
      </div>
      <div className="header-row header-controls">
        <MonitorControls />
        <DisplayControls />
        <div className="header-spacer" />
        <RecordingControl />
        <button
          ref={setupButtonRef}
          type="button"
          aria-expanded={setupOpen}
          aria-controls={setupId}
          onClick={onToggleSetup}
        >
          Setup
        </button>
        <button
          ref={sessionsButtonRef}
          type="button"
          aria-expanded={sessionsOpen}
          aria-controls={sessionsId}
          onClick={onToggleSessions}
        >
          Sessions
        </button>
      </div>
    </header>
  );
}
