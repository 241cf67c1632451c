// The viewer's own settings: bit/s or B/s, and how much history the interface charts show.
import { useSubflowStore } from '../../store/store.js';
import type { WindowSeconds } from '../../store/store.js';
import { WINDOW_CHOICES } from '../../store/settings.js';

const WINDOW_LABELS: Readonly<Record<WindowSeconds, string>> = {
  60: '60 s',
  120: '2 min',
  300: '5 min',
  600: '10 min',
};

export function DisplayControls() {
  const units = useSubflowStore((s) => s.settings.units);
  const windowSeconds = useSubflowStore((s) => s.settings.windowSeconds);
  const setSettings = useSubflowStore((s) => s.setSettings);
  return (
    <div className="control-group" role="group" aria-label="Display">
      <div className="segmented" role="group" aria-label="Rate units">
        <button
          type="button"
          aria-pressed={units === 'bits'}
          title="Rates in bits per second (as nload)"
          onClick={() => {
            setSettings({ units: 'bits' });
          }}
        >
          bit/s
        </button>
        <button
          type="button"
          aria-pressed={units === 'bytes'}
          title="Rates in bytes per second"
          onClick={() => {
            setSettings({ units: 'bytes' });
          }}
        >
          B/s
        </button>
      </div>
      <label className="control-label">
        <span>Window</span>
        <select
          aria-label="Chart window"
          value={windowSeconds}
          onChange={(e) => {
            const chosen = WINDOW_CHOICES.find((w) => w === Number(e.target.value));
            if (chosen !== undefined) setSettings({ windowSeconds: chosen });
          }}
        >
          {WINDOW_CHOICES.map((w) => (
            <option key={w} value={w}>
              {WINDOW_LABELS[w]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
