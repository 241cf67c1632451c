// What an interface card says beyond the kernel's figures: who else creates and deletes its
// endpoints (mptcpd, NetworkManager) and the mode Subflow remembers for it — for its
// NetworkManager profile or for its name, whichever key is in force — with a button to forget
// that key's mode (the interface keeps its endpoints; Subflow stops re-applying the mode).
import type { InterfaceState, RememberedMode } from '../../../../electron/contract.js';

export interface CardOwnershipProps {
  readonly iface: InterfaceState;
  /** Why the button cannot be used now (replay, offline); undefined when it can. */
  readonly blockedReason: string | undefined;
  readonly onForget: (iface: string) => void;
}

/** "for profile 'Pixel hotspot'" (a NetworkManager profile's choice) or "for wlan0". */
const keyWords = (name: string, remembered: RememberedMode): string =>
  remembered.profile !== undefined ? `for profile '${remembered.profile.name}'` : `for ${name}`;

const clock = (time: number): string =>
  new Date(time).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function CardOwnership({ iface, blockedReason, onForget }: CardOwnershipProps) {
  const { owner, remembered } = iface;
  if (owner === undefined && remembered === undefined) return null;
  return (
    <div className="card-ownership">
      {owner !== undefined && (
        <p className="owner-note" title={owner.detail}>
          Endpoints managed by <strong>{owner.name}</strong>: {owner.detail}.
        </p>
      )}
      {remembered !== undefined && (
        <p className="remembered-note">
          Remembered {keyWords(iface.name, remembered)}:{' '}
          <strong className={`mode mode-${remembered.mode}`}>{remembered.mode}</strong>{' '}
          <span className="muted">
            (chosen {clock(remembered.time)}; re-applied when{' '}
            {remembered.profile !== undefined
              ? 'a device comes up with that profile'
              : `${iface.name} comes back`}
            )
          </span>{' '}
          <button
            type="button"
            className="link-button"
            disabled={blockedReason !== undefined}
            title={
              blockedReason ??
              `Stop re-applying ${remembered.mode} ${keyWords(iface.name, remembered)}`
            }
            onClick={() => {
              onForget(iface.name);
            }}
          >
            Forget
          </button>
        </p>
      )}
    </div>
  );
}
