// One finding of the doctor: severity, summary and subject, then its fix — the description,
// the exact commands (copyable), and Apply with a confirm step showing exactly what will run,
// or the reason Subflow cannot apply it here.
import { memo, useEffect, useId, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import type { DoctorFinding } from '../../../../electron/contract.js';
import { FixCommands } from './FixCommands.js';
import { withStop } from './setup-text.js';
import type { ApplyOutcome } from './setup-text.js';

/** Where this finding's fix stands. */
export type FindingStep = 'idle' | 'confirm' | 'applying';

export interface FindingItemProps {
  readonly finding: DoctorFinding;
  /** Badge text: "Error", "Warning", "Note". */
  readonly label: string;
  readonly step: FindingStep;
  /** Another request is in flight: Apply waits. */
  readonly busy: boolean;
  /** The last apply's outcome when it concerns this finding and it is still listed. */
  readonly outcome: ApplyOutcome | null;
  readonly onConfirm: (id: string) => void;
  readonly onCancel: () => void;
  readonly onApply: (id: string) => void;
}

/** Whether nothing has the focus any more (its element was removed). */
const focusWasLost = (): boolean =>
  document.activeElement === null || document.activeElement === document.body;

function FindingItemView({
  finding,
  label,
  step,
  busy,
  outcome,
  onConfirm,
  onCancel,
  onApply,
}: FindingItemProps) {
  const questionId = useId();
  const applyButton = useRef<HTMLButtonElement>(null);
  const confirmBox = useRef<HTMLDivElement>(null);
  const outcomeLine = useRef<HTMLParagraphElement>(null);
  const previous = useRef<FindingStep>(step);
  const fix = finding.fix;

  // Keyboard focus follows the step: into the confirm box, and back to Apply after Cancel
  // (only when focus went with the removed box, not when another finding took it).
  useEffect(() => {
    if (step === 'confirm') confirmBox.current?.focus();
    else if (step === 'idle' && previous.current === 'confirm' && focusWasLost()) {
      applyButton.current?.focus();
    }
    previous.current = step;
  }, [step]);

  // After an apply that left this finding listed, its outcome is where the eyes (and focus) go.
  useEffect(() => {
    if (outcome !== null) outcomeLine.current?.focus();
  }, [outcome]);

  const onConfirmKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    onCancel();
  };

  return (
    <li className={`finding finding-${finding.severity}`}>
      <div className="finding-head">
        <span className="finding-badge badge">{label}</span>
        {finding.subject !== undefined && (
          <code className="finding-subject">{finding.subject}</code>
        )}
        <span className="finding-id">{finding.id}</span>
      </div>
      <p className="finding-summary">{finding.summary}</p>
      {outcome !== null && (
        <p ref={outcomeLine} tabIndex={-1} className={`setup-outcome outcome-${outcome.tone}`}>
          {outcome.brief}
        </p>
      )}
      {fix !== undefined && (
        <div className="fix">
          <p className="fix-description">
            <span className="fix-label">Fix: </span>
            {fix.description}
          </p>
          {step === 'confirm' ? (
            <div
              ref={confirmBox}
              className="fix-confirm"
              role="group"
              aria-labelledby={questionId}
              tabIndex={-1}
              onKeyDown={onConfirmKey}
            >
              <p id={questionId} className="fix-question">
                Apply this change? It runs:
              </p>
              <pre className="fix-commands-text">
                {fix.commands.map((c, i) => (
                  <code key={i}>{c}</code>
                ))}
              </pre>
              <div className="fix-actions">
                <button
                  type="button"
                  className="primary"
                  aria-label={`Apply now: fix for ${finding.id}`}
                  disabled={busy}
                  onClick={() => {
                    onApply(finding.id);
                  }}
                >
                  Apply
                </button>
                <button
                  type="button"
                  aria-label={`Cancel fix for ${finding.id}`}
                  onClick={onCancel}
                >
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <>
              <FixCommands commands={fix.commands} findingId={finding.id} />
              {fix.applicable ? (
                <div className="fix-actions">
                  <button
                    ref={applyButton}
                    type="button"
                    aria-label={`Apply fix for ${finding.id}`}
                    disabled={busy}
                    aria-busy={step === 'applying'}
                    onClick={() => {
                      onConfirm(finding.id);
                    }}
                  >
                    {step === 'applying' ? 'Applying…' : 'Apply'}
                  </button>
                  {step === 'applying' && (
                    <span className="fix-pending">Applying the fix, then checking again…</span>
                  )}
                </div>
              ) : (
                fix.notApplicableReason !== undefined && (
                  <p className="fix-reason">
                    Not applied by Subflow here: {withStop(fix.notApplicableReason)}
                  </p>
                )
              )}
            </>
          )}
        </div>
      )}
    </li>
  );
}

/** A finding; re-renders only when its own props change. */
export const FindingItem = memo(FindingItemView);
