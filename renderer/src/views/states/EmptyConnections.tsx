// What the connections area says when there is no MPTCP connection: how to start one, on this
// machine or in the throwaway lab. During a replay it only says the journal had none then.
import { useSubflowStore } from '../../store/store.js';
import { Command } from './Command.js';
import './states.css';

/** The "no MPTCP connections" state, for the connections view to place. */
export function EmptyConnections() {
  const replaying = useSubflowStore((s) => s.playback.mode === 'replay');
  if (replaying) {
    return (
      <div className="state-card" role="status">
        <p className="state-title">No MPTCP connection at this point of the recording.</p>
        <p>Move the scrubber or press play to see later ticks.</p>
      </div>
    );
  }
  return (
    <div className="state-card" role="status">
      <p className="state-title">No MPTCP connections right now.</p>
      <p>Start one by running a program under mptcpize, for example:</p>
      <Command text="mptcpize run iperf3 -c HOST" />
      <p>No MPTCP server at hand? Make a two-path lab in network namespaces and send traffic:</p>
      <Command text="sudo subflow lab up" />
      <Command text="sudo subflow lab traffic" />
      <p className="state-hint">
        The lab lives in the namespaces subflow-cli and subflow-srv: watch it with{' '}
        <code>sudo subflow serve --netns subflow-cli</code>.
      </p>
    </div>
  );
}
