// The sessions drawer: recorded journals (sessions:list) with their start, duration and size,
// Replay (playback:open) and Export for each. Escape, the close button or opening a replay shuts it.
import { useEffect, useRef } from 'react';
import { formatBytes } from '../../format/units.js';
import { useSubflowStore } from '../../store/store.js';
import { ExportControl } from './ExportControl.js';
import { sessionDuration, startText } from './session-text.js';
import './sessions.css';

export interface SessionsPanelProps {
  readonly id: string;
  readonly open: boolean;
  readonly onClose: () => void;
}

export function SessionsPanel({ id, open, onClose }: SessionsPanelProps) {
  const sessions = useSubflowStore((s) => s.sessions);
  const unavailable = useSubflowStore((s) => s.unavailable['sessions:list']);
  const listSessions = useSubflowStore((s) => s.listSessions);
  const openSession = useSubflowStore((s) => s.openSession);
  const replaying = useSubflowStore((s) =>
    s.playback.mode === 'replay' ? s.playback.session.id : null,
  );
  const recordingId = useSubflowStore((s) =>
    s.recording?.active === true ? (s.recording.session?.id ?? null) : null,
  );
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!open) return;
    void listSessions();
    heading.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [open, listSessions, onClose]);

  if (!open) return null;
  return (
    <aside id={id} className="sessions-drawer" aria-labelledby={`${id}-title`}>
      <div className="drawer-head">
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
          Recorded sessions
        </h2>
        <button type="button" onClick={() => void listSessions()}>
          Refresh
        </button>
        <button type="button" aria-label="Close sessions" onClick={onClose}>
          ×
        </button>
      </div>
      {unavailable !== undefined ? (
        <p className="muted">{unavailable}</p>
      ) : sessions === null ? (
        <p className="muted">Loading…</p>
      ) : sessions.length === 0 ? (
        <p className="muted">
          No recorded session yet: press Record in the header, let it run, then Stop.
        </p>
      ) : (
        <ul className="session-list">
          {sessions.map((s) => (
            <li key={s.id} className="session-item">
              <div className="session-name mono" title={s.path}>
                {s.id}
              </div>
              <div className="session-meta">
                {startText(s.startedAt)} · {sessionDuration(s)} · {formatBytes(s.bytes)} ·{' '}
                {s.hostname}
                {s.netns !== null && ` (${s.netns})`}
              </div>
              <div className="session-actions">
                <button
                  type="button"
                  aria-label={`Replay ${s.id}`}
                  disabled={replaying === s.id || recordingId === s.id}
                  title={
                    recordingId === s.id
                      ? 'Still being recorded: stop the recording to replay it'
                      : replaying === s.id
                        ? 'Being replayed now'
                        : undefined
                  }
                  onClick={() => {
                    // The drawer would cover the replay bar: it closes once the replay is open.
                    void openSession(s.id).then((opened) => {
                      if (opened) onClose();
                    });
                  }}
                >
                  {replaying === s.id ? 'Replaying' : 'Replay'}
                </button>
                <ExportControl sessionId={s.id} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
