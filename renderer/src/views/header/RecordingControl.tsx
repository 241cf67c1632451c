// Recording state in the header: a dot, elapsed time and journal size while recording, with
// Record / Stop (record:start / record:stop); a failed recording says why. The size is refreshed
// every few seconds while recording (pushes come only on start, stop and failure). A hidden page
// runs no clock: it catches up when shown (the page re-reads the recording state then).
import { useEffect, useState } from 'react';
import { formatBytes, formatDuration } from '../../format/units.js';
import { useSubflowStore } from '../../store/store.js';

/** How often the elapsed time and journal size are refreshed while recording, ms. */
const REFRESH_MS = 1000;
const STATUS_EVERY = 5;

export function RecordingControl() {
  const recording = useSubflowStore((s) => s.recording);
  const unavailable = useSubflowStore((s) => s.unavailable['record:status']);
  const start = useSubflowStore((s) => s.startRecording);
  const stop = useSubflowStore((s) => s.stopRecording);
  const refresh = useSubflowStore((s) => s.refreshRecording);
  const hidden = useSubflowStore((s) => s.pageHidden);
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);
  const active = recording?.active === true;

  useEffect(() => {
    if (!active || hidden) return;
    let count = 0;
    const first = setTimeout(() => {
      setNow(Date.now());
    }, 0);
    const timer = setInterval(() => {
      setNow(Date.now());
      count += 1;
      if (count % STATUS_EVERY === 0) void refresh();
    }, REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [active, hidden, refresh]);

  const run = (action: () => Promise<void>) => {
    setBusy(true);
    void action().finally(() => {
      setBusy(false);
    });
  };

  if (unavailable !== undefined) {
    return (
      <div className="recording" title={unavailable}>
        <span className="rec-dot is-off" aria-hidden="true" />
        <span className="muted">Recording unavailable</span>
      </div>
    );
  }
  const session = recording?.session ?? null;
  return (
    <div className="recording" role="group" aria-label="Recording">
      {active && session !== null ? (
        <>
          <span className="rec-dot is-on" aria-hidden="true" />
          <span className="rec-text" aria-live="off">
            REC {formatDuration(Math.max(0, now - session.startedAt))} ·{' '}
            {formatBytes(session.bytes)}
          </span>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              run(stop);
            }}
          >
            ■ Stop
          </button>
        </>
      ) : (
        <>
          {recording?.error !== undefined && (
            <span className="rec-error" role="alert" title={recording.error}>
              Recording stopped: {recording.error}
            </span>
          )}
          <button
            type="button"
            disabled={busy || recording === null}
            title="Record this session to a journal you can replay and export"
            onClick={() => {
              run(start);
            }}
          >
            <span className="rec-dot is-idle" aria-hidden="true" /> Record
          </button>
        </>
      )}
    </div>
  );
}
