// The banners under the header: the link to the host (lost, reconnecting with backoff),
// MPTCP disabled (and the sysctl), running unprivileged (what still works and how to get the
// rest), and the last failed action.
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSubflowStore } from '../../store/store.js';
import { Command } from './Command.js';
import { privilegedServeCommand } from './hint-commands.js';
import { connectionText, enableCommand, mptcpProblem } from './status-text.js';
import './states.css';

/** Gives the node binary CAP_NET_ADMIN (every node program then has it: a deliberate choice). */
export const SETCAP_COMMAND = 'sudo setcap cap_net_admin+ep "$(readlink -f "$(command -v node)")"';

/** The wall clock, re-read every second while `active`. */
function useSecondClock(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const first = setTimeout(() => {
      setNow(Date.now());
    }, 0);
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [active]);
  return now;
}

export function ConnectionBanner() {
  const status = useSubflowStore((s) => s.status);
  const everConnected = useSubflowStore((s) => s.snapshot !== null);
  // The countdown to the next try; a hidden page runs no clock (it reads the time when shown).
  const hidden = useSubflowStore((s) => s.pageHidden);
  const now = useSecondClock(status.kind === 'reconnecting' && !hidden);
  const text = connectionText(status, now, everConnected);
  if (text === null) return null;
  const tone = status.kind === 'connecting' ? 'banner-info' : 'banner-error';
  return (
    <div className={`banner ${tone}`} role={status.kind === 'connecting' ? 'status' : 'alert'}>
      <p>{text}</p>
      {status.kind === 'reconnecting' && <p className="banner-detail">Why: {status.reason}.</p>}
    </div>
  );
}

export function MptcpBanner() {
  const kernel = useSubflowStore(
    useShallow((s) =>
      s.snapshot === null
        ? null
        : {
            mptcp: s.snapshot.kernel.mptcp,
            enabled: s.snapshot.kernel.enabled,
            reason: s.snapshot.kernel.reason,
          },
    ),
  );
  if (kernel === null) return null;
  const problem = mptcpProblem(kernel);
  if (problem === null) return null;
  return (
    <div className="banner banner-error" role="alert">
      <p>{problem}</p>
      {kernel.mptcp !== 'unavailable' && (
        <>
          <p className="banner-detail">
            {kernel.reason ?? 'Enable it (it takes effect for new connections):'}
          </p>
          <Command text={enableCommand(kernel)} />
        </>
      )}
    </div>
  );
}

export function PrivilegeBanner() {
  const { unprivileged, netns, command } = useSubflowStore(
    useShallow((s) => ({
      unprivileged: s.snapshot?.privileged === false,
      netns: s.snapshot?.netns ?? null,
      command: s.snapshot?.command,
    })),
  );
  const [dismissed, setDismissed] = useState(false);
  if (!unprivileged || dismissed) return null;
  return (
    <div className="banner banner-warning" role="status">
      <p>
        Running without CAP_NET_ADMIN: connections, subflows, interfaces and rates are live;
        path-manager events are inferred from samples and multipath cannot be switched.
      </p>
      <div className="banner-commands">
        <span className="banner-detail">For the rest, run</span>
        <Command text={privilegedServeCommand(netns, command)} />
        <span className="banner-detail">or give node the capability:</span>
        <Command text={SETCAP_COMMAND} />
      </div>
      <button
        type="button"
        className="banner-close"
        aria-label="Dismiss the privileges note"
        onClick={() => {
          setDismissed(true);
        }}
      >
        ×
      </button>
    </div>
  );
}

export function NoticeBanner() {
  const notice = useSubflowStore((s) => s.notice);
  const dismiss = useSubflowStore((s) => s.dismissNotice);
  if (notice === null) return null;
  return (
    <div className="banner banner-error" role="alert">
      <p>{notice}</p>
      <button type="button" className="banner-close" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}

/** Every banner, in order of what matters most. */
/** The watched namespace is gone: the figures on screen are the last ones read. */
export function StaleBanner() {
  const stale = useSubflowStore((s) => s.snapshot?.stale ?? null);
  if (stale === null) return null;
  return (
    <div className="banner banner-error" role="alert">
      <p>
        Not live: these are the last figures read, at {new Date(stale.since).toLocaleTimeString()}.
        Changes are refused until it is back.
      </p>
      <p className="banner-detail">{stale.reason}</p>
    </div>
  );
}

export function StatusBanners() {
  return (
    <div className="banners">
      <ConnectionBanner />
      <StaleBanner />
      <MptcpBanner />
      <NoticeBanner />
      <PrivilegeBanner />
    </div>
  );
}
