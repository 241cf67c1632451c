// The replay bar, shown while a recorded session feeds the page: play/pause, a scrubber over
// the session (playback:seek as it moves), the speed, and "Back to live".
import { useState } from 'react';
import { clockTime } from '../../charts/time-text.js';
import { useSubflowStore } from '../../store/store.js';
import { positionText, SPEEDS } from './session-text.js';
import './sessions.css';

export function ReplayBar() {
  const playback = useSubflowStore((s) => s.playback);
  const seek = useSubflowStore((s) => s.seekPlayback);
  const play = useSubflowStore((s) => s.playPlayback);
  const close = useSubflowStore((s) => s.closePlayback);
  /** The scrubber's value while the user drags it (the host's position otherwise). */
  const [dragging, setDragging] = useState<number | null>(null);
  if (playback.mode !== 'replay') return null;
  const { session, position, playing, speed } = playback;
  const shown = dragging ?? position;
  return (
    <div className="replay-bar" role="region" aria-label="Replay">
      <span className="source source-replay">REPLAY</span>
      <span className="replay-name mono" title={session.path}>
        {session.id}
      </span>
      <button
        type="button"
        aria-label={playing ? 'Pause the replay' : 'Play the replay'}
        onClick={() => void play(!playing, speed)}
      >
        {playing ? '❚❚' : '▶'}
      </button>
      <input
        type="range"
        className="scrubber"
        aria-label="Replay position"
        aria-valuetext={`${clockTime(shown)}, ${positionText(session, shown)}`}
        min={session.startedAt}
        max={Math.max(session.endedAt, session.startedAt + 1)}
        step={1000}
        value={shown}
        onPointerDown={() => {
          setDragging(position);
        }}
        onPointerUp={() => {
          setDragging(null);
        }}
        onBlur={() => {
          setDragging(null);
        }}
        onChange={(e) => {
          const time = Number(e.target.value);
          if (dragging !== null) setDragging(time);
          void seek(time);
        }}
      />
      <span className="replay-position">
        {clockTime(shown)} · {positionText(session, shown)}
      </span>
      <div className="segmented" role="group" aria-label="Replay speed">
        {SPEEDS.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={s === speed}
            onClick={() => void play(playing, s)}
          >
            {s}×
          </button>
        ))}
      </div>
      <button type="button" className="primary" onClick={() => void close()}>
        Back to live
      </button>
    </div>
  );
}
