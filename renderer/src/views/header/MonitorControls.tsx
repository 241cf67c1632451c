// Pause/resume and the tick interval of the live monitor (monitor:configure). Both act on the
// live kernel sampling, so they are disabled while a recording is replayed.
import { useShallow } from 'zustand/react/shallow';
import { formatInterval } from '../../format/units.js';
import { useSubflowStore } from '../../store/store.js';

/** Tick intervals offered, ms. */
export const INTERVAL_CHOICES = [250, 500, 1000, 2000, 5000] as const;

const REPLAY_REASON =
  'Replaying a recording: the live monitor’s settings return with “Back to live”.';

export function MonitorControls() {
  const { monitor, snapshotInterval, replaying, connected } = useSubflowStore(
    useShallow((s) => ({
      monitor: s.monitor,
      snapshotInterval: s.snapshot?.intervalMs,
      replaying: s.playback.mode === 'replay',
      connected: s.api !== null,
    })),
  );
  const configure = useSubflowStore((s) => s.configureMonitor);
  const interval = monitor?.intervalMs ?? snapshotInterval;
  const paused = monitor?.paused ?? false;
  const disabled = replaying || !connected || monitor === null;
  const reason = replaying
    ? REPLAY_REASON
    : monitor === null
      ? 'The host has not said how its monitor is set yet.'
      : undefined;
  const choices: number[] = [...INTERVAL_CHOICES];
  if (interval !== undefined && !choices.includes(interval)) {
    choices.push(interval);
    choices.sort((a, b) => a - b);
  }
  return (
    <div className="control-group" role="group" aria-label="Live monitor">
      <button
        type="button"
        className={paused ? 'primary' : undefined}
        disabled={disabled}
        title={
          reason ?? (paused ? 'Resume sampling the kernel' : 'Stop sampling the kernel for now')
        }
        onClick={() => {
          void configure({ paused: !paused });
        }}
      >
        {paused ? '▶ Resume' : '❚❚ Pause'}
      </button>
      <label className="control-label" title={reason}>
        <span>Tick</span>
        <select
          aria-label="Tick interval"
          value={interval ?? ''}
          disabled={disabled}
          onChange={(e) => {
            void configure({ intervalMs: Number(e.target.value) });
          }}
        >
          {interval === undefined && <option value="">…</option>}
          {choices.map((ms) => (
            <option key={ms} value={ms}>
              {formatInterval(ms)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
