// The Setup panel: `subflow doctor` in the dashboard. Runs every setup check when opened and on
// "Check again", says what was looked at, lists the findings by severity with their fixes
// (copyable commands; Apply after a confirm step when this host may apply them) and reports
// each applied fix as the kernel reads it back. Host failures are sentences, never throws.
import { useCallback, useEffect, useId, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { useSubflowStore } from '../../store/store.js';
import { isBusy } from './doctor-state.js';
import { FindingItem } from './FindingItem.js';
import type { FindingStep } from './FindingItem.js';
import {
  checkedAt,
  checkedList,
  checksSentence,
  contextSentence,
  groupBySeverity,
} from './setup-text.js';
import { useDoctor } from './use-doctor.js';
import './setup.css';

export interface SetupPanelProps {
  /** id of the panel, for the opening button's aria-controls. */
  readonly id?: string;
  /** Called by the close button and Escape; without it the panel shows no close button. */
  readonly onClose?: () => void;
}

export function SetupPanel({ id, onClose }: SetupPanelProps) {
  const api = useSubflowStore((s) => s.api);
  const snapshotPrivileged = useSubflowStore((s) => s.snapshot?.privileged);
  const snapshotNetns = useSubflowStore((s) => s.snapshot?.netns);
  const { state, run, confirm, cancel, apply } = useDoctor(api);
  const { report, running, runError, step, outcome } = state;
  const busy = isBusy(state);
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const topOutcome = useRef<HTMLParagraphElement>(null);

  // A finding the fix cleared is gone from the list: its outcome is told at the top instead.
  const outcomeListed =
    outcome !== null && report !== null && report.findings.some((f) => f.id === outcome.id);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  useEffect(() => {
    if (outcome !== null && !outcomeListed) topOutcome.current?.focus();
  }, [outcome, outcomeListed]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && onClose !== undefined) {
      e.stopPropagation();
      onClose();
    }
  };
  const onApply = useCallback(
    (id: string) => {
      void apply(id);
    },
    [apply],
  );

  const stepOf = (id: string): FindingStep =>
    step.kind !== 'idle' && step.id === id ? step.kind : 'idle';
  const announcement =
    step.kind === 'applying'
      ? `Applying the fix for ${step.id}, then checking again…`
      : (outcome?.text ?? '');
  const waiting =
    api === null
      ? 'Waiting for the connection to Subflow…'
      : running
        ? 'Checking the MPTCP setup…'
        : '';

  return (
    <section
      id={id}
      className="setup-panel"
      role="dialog"
      aria-labelledby={headingId}
      onKeyDown={onKeyDown}
    >
      <div className="setup-head">
        <h2 id={headingId} ref={heading} tabIndex={-1}>
          Setup
        </h2>
        <button
          type="button"
          disabled={busy || api === null}
          onClick={() => {
            void run();
          }}
        >
          {running ? 'Checking…' : 'Check again'}
        </button>
        {onClose !== undefined && (
          <button type="button" className="setup-close" aria-label="Close setup" onClick={onClose}>
            ×
          </button>
        )}
      </div>
      <p className="setup-context">
        {contextSentence(
          report?.netns ?? snapshotNetns ?? null,
          report?.privileged ?? snapshotPrivileged,
        )}
        {report !== null && ` Checked at ${checkedAt(report.time)}.`}
      </p>
      <p className="setup-waiting" role="status">
        {waiting}
      </p>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {runError !== null && (
        <p className="setup-error" role="alert">
          {runError}
        </p>
      )}
      {outcome !== null && !outcomeListed && (
        <p ref={topOutcome} tabIndex={-1} className={`setup-outcome outcome-${outcome.tone}`}>
          {outcome.text}
        </p>
      )}
      {report !== null && (
        <>
          {report.findings.length === 0 ? (
            <p className="setup-clean">{checksSentence(report)}</p>
          ) : (
            <>
              <p className="setup-found">{checksSentence(report)}</p>
              <p className="setup-checked">Looked at: {checkedList(report)}.</p>
            </>
          )}
          {groupBySeverity(report.findings).map((group) => (
            <section
              key={group.severity}
              className={`setup-group group-${group.severity}`}
              aria-labelledby={`${headingId}-${group.severity}`}
            >
              <h3 id={`${headingId}-${group.severity}`}>
                {group.title} <span className="setup-count">({group.findings.length})</span>
              </h3>
              <ul className="finding-list">
                {group.findings.map((f) => (
                  <FindingItem
                    key={f.id}
                    finding={f}
                    label={group.label}
                    step={stepOf(f.id)}
                    busy={busy}
                    outcome={outcomeListed && outcome.id === f.id ? outcome : null}
                    onConfirm={confirm}
                    onCancel={cancel}
                    onApply={onApply}
                  />
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </section>
  );
}
