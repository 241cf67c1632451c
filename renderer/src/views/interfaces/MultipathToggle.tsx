// The on / off / backup buttons of one interface: aria-pressed on the current mode, all
// disabled (with the reason beside them) when the change cannot be made, and a spinner while
// one runs.
import type { MultipathMode } from '../../../../electron/contract.js';
import { MULTIPATH_MODES } from '../../../../electron/contract.js';

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
  const disabled = disabledReason !== undefined || pending !== undefined;
  return (
    <div className="multipath">
      <div className="segmented" role="group" aria-label={`multipath for ${name}`}>
        {MULTIPATH_MODES.map((m) => (
          <button
            key={m}
            type="button"
            aria-pressed={m === mode}
            aria-label={`multipath ${m} for ${name}`}
            disabled={disabled}
            title={disabledReason}
            onClick={() => {
              if (m !== mode) onSet(m);
            }}
          >
            {m}
          </button>
        ))}
      </div>
      {pending !== undefined && (
        <span className="multipath-pending" role="status">
          <span className="spinner" aria-hidden="true" />
          switching to {pending}…
        </span>
      )}
    </div>
  );
}
