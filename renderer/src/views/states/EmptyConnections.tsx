// What the connections area says when there is no MPTCP connection: how to start one, on this
// machine or in the throwaway lab. During a replay it only says the journal had none then.
// Commands are written as this host runs Subflow, and "lab up" is not suggested while the lab
// is what is being watched.
import { useShallow } from 'zustand/react/shallow';
import { useSubflowStore } from '../../store/store.js';
import { Command } from './Command.js';
import { emptyConnectionHints } from './hint-commands.js';
import './states.css';

/** The "no MPTCP connections" state, for the connections view to place. */
export function EmptyConnections() {
  const { replaying, netns, command } = useSubflowStore(
    useShallow((s) => ({
      replaying: s.playback.mode === 'replay',
      netns: s.snapshot?.netns ?? null,
      command: s.snapshot?.command,
    })),
  );
  if (replaying) {
    return (
      <div className="state-card" role="status">
        <p className="state-title">No MPTCP connection at this point of the recording.</p>
        <p>Move the scrubber or press play to see later ticks.</p>
      </div>
    );
  }
  const hints = emptyConnectionHints(netns, command);
  return (
    <div className="state-card" role="status">
      <p className="state-title">No MPTCP connections right now.</p>
      <p>Start one by running a program under mptcpize, for example:</p>
      <Command text="mptcpize run iperf3 -c HOST" />
      {hints.watchingLab ? (
        <p>This is the lab&apos;s client namespace: send traffic through it with</p>
      ) : (
        <p>No MPTCP server at hand? Make a two-path lab in network namespaces and send traffic:</p>
      )}
      {hints.commands.map((c) => (
        <Command key={c} text={c} />
      ))}
      {hints.watch !== null && (
        <p className="state-hint">
          The lab lives in the namespaces subflow-cli and subflow-srv: watch it with{' '}
          <code>{hints.watch}</code>.
        </p>
      )}
    </div>
  );
}
