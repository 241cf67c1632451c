// The on / off / backup buttons of one interface: aria-pressed on the current mode, all
// disabled (with the reason beside them) when the change cannot be made, and a spinner while
// one runs. While a change runs the buttons are aria-disabled, not disabled, so the keyboard
// focus stays on the button pressed (a disabled button drops focus to <body>). Each button's
// one-line meaning shows on hover and focus and is its accessible description; one polite live
// region says the change once when it starts and once when the kernel shows it.
import { useId, useState } from 'react';
import type { MultipathMode } from '../../../../electron/contract.js';
import { MULTIPATH_MODES } from '../../../../electron/contract.js';
import { MODE_DESCRIPTIONS } from './interface-stats.js';

export interface MultipathToggleProps {
  readonly name: string;
  /** The mode the kernel shows now. */
  readonly mode: MultipathMode;
  /** The mode being applied, if a change runs. */
  readonly pending: MultipathMode | undefined;
  /** Why the buttons are disabled; undefined when they work. */
  readonly disabledReason: string | undefined;
  readonly onSet: (mode: MultipathMode) => void;
}

export function MultipathToggle(props: MultipathToggleProps) {
  const { name, mode, pending, disabledReason, onSet } = props;
  const disabled = disabledReason !== undefined;
  const busy = pending !== undefined;
  const baseId = useId();
  const [hint, setHint] = useState<MultipathMode | null>(null);
  // What the live region last said of a finished change (derived while rendering, not in an
  // effect: React's pattern for state that follows a prop).
  const [seenPending, setSeenPending] = useState(pending);
  const [done, setDone] = useState('');
  if (pending !== seenPending) {
    setSeenPending(pending);
    if (pending === undefined && seenPending !== undefined) {
      setDone(mode === seenPending ? `Multipath ${mode} for ${name}.` : '');
    } else {
      setDone('');
    }
  }
  const announcement = busy ? `Switching ${name} to multipath ${pending}…` : done;
  return (
    <div className="multipath">
      <div className="segmented" role="group" aria-label={`multipath for ${name}`}>
        {MULTIPATH_MODES.map((m) => (
          <button
            key={m}
            type="button"
            aria-pressed={m === mode}
            aria-label={`multipath ${m} for ${name}`}
            aria-describedby={`${baseId}-${m}`}
            aria-disabled={busy || undefined}
            disabled={disabled}
            title={disabledReason ?? MODE_DESCRIPTIONS[m]}
            onFocus={() => {
              setHint(m);
            }}
            onBlur={() => {
              setHint(null);
            }}
            onMouseEnter={() => {
              setHint(m);
            }}
            onMouseLeave={() => {
              setHint(null);
            }}
            onClick={() => {
              if (!busy && m !== mode) onSet(m);
            }}
          >
            {m}
          </button>
        ))}
      </div>
      {busy && (
        <span className="multipath-pending" aria-hidden="true">
          <span className="spinner" />
          switching to {pending}…
        </span>
      )}
      {MULTIPATH_MODES.map((m) => (
        <span key={m} id={`${baseId}-${m}`} className="visually-hidden">
          {MODE_DESCRIPTIONS[m]}
        </span>
      ))}
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
      {hint !== null && disabledReason === undefined && (
        <p className="mode-hint" aria-hidden="true">
          {MODE_DESCRIPTIONS[hint]}
        </p>
      )}
    </div>
  );
}
