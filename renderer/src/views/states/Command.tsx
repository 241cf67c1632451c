// A shell command to copy: monospace, selectable, with a copy button where the browser allows.
import { useState } from 'react';

export interface CommandProps {
  /** The command line, exactly as typed. */
  readonly text: string;
}

/** A command in a code block with a "Copy" button. */
export function Command({ text }: CommandProps) {
  const [copied, setCopied] = useState(false);
  const canCopy = typeof navigator !== 'undefined' && 'clipboard' in navigator;
  return (
    <div className="command">
      <code>{text}</code>
      {canCopy && (
        <button
          type="button"
          className="command-copy"
          aria-label={`Copy "${text}"`}
          onClick={() => {
            navigator.clipboard.writeText(text).then(
              () => {
                setCopied(true);
              },
              () => {
                setCopied(false);
              },
            );
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      )}
    </div>
  );
}
