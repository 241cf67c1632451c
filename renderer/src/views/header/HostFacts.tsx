// The header's facts about the watched host: name, kernel, MPTCP state, path manager and
// scheduler, privileges and namespace. Each short label carries its full sentence as a tooltip.
import { useShallow } from 'zustand/react/shallow';
import { useSubflowStore } from '../../store/store.js';
import { subflowCommandOf } from '../states/hint-commands.js';
import { mptcpText, namespaceText, privilegeText } from './header-text.js';

export function HostFacts() {
  const facts = useSubflowStore(
    useShallow((s) => {
      const snap = s.snapshot;
      if (snap === null) return null;
      return {
        hostname: snap.hostname,
        release: snap.kernel.release,
        mptcp: snap.kernel.mptcp,
        enabled: snap.kernel.enabled,
        reason: snap.kernel.reason,
        pathManager: snap.kernel.pathManager,
        scheduler: snap.kernel.scheduler,
        privileged: snap.privileged,
        netns: snap.netns,
        command: subflowCommandOf(snap.command),
      };
    }),
  );
  if (facts === null) {
    return <p className="host-facts muted">Waiting for the host…</p>;
  }
  const mptcp = mptcpText(facts);
  const privilege = privilegeText(facts.privileged, facts.command);
  const netns = namespaceText(facts.netns);
  const mptcpOk = facts.mptcp !== 'unavailable' && facts.enabled;
  return (
    <ul className="host-facts" aria-label="Host">
      <li className="host-name" title="Host name">
        {facts.hostname}
      </li>
      <li title="Kernel release (uname -r)">Linux {facts.release}</li>
      <li className={mptcpOk ? 'fact-ok' : 'fact-bad'} title={mptcp.full}>
        {mptcp.short}
      </li>
      {facts.pathManager !== undefined && (
        <li title="Path manager (net.mptcp.path_manager)">pm {facts.pathManager}</li>
      )}
      {facts.scheduler !== undefined && (
        <li title="Packet scheduler (net.mptcp.scheduler)">scheduler {facts.scheduler}</li>
      )}
      <li className={facts.privileged ? 'fact-ok' : 'fact-warn'} title={privilege.full}>
        {privilege.short}
      </li>
      <li title={netns.full}>{netns.short}</li>
    </ul>
  );
}
