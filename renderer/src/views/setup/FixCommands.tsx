// A fix's exact shell commands in a monospace block with a Copy button. Without a usable
// clipboard (plain http, denied permission) the button selects the text for Ctrl+C instead.
import { useEffect, useRef, useState } from 'react';

export interface FixCommandsProps {
  readonly commands: readonly string[];
  /** Finding id, for the button's accessible name ("Copy commands for …"). */
  readonly findingId: string;
}

type CopyState = 'idle' | 'copied' | 'selected';

/** Selects every character of `element` so the user can copy it by hand. */
function selectText(element: HTMLElement): boolean {
  const selection = window.getSelection();
  if (selection === null) return false;
  selection.selectAllChildren(element);
  return true;
}

export function FixCommands({ commands, findingId }: FixCommandsProps) {
  const block = useRef<HTMLPreElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');
  const text = commands.join('\n');

  // "Copied" goes back to "Copy" after a moment, so a second copy is visibly a new one.
  useEffect(() => {
    if (copy !== 'copied') return;
    const timer = window.setTimeout(() => {
      setCopy('idle');
    }, 2000);
    return () => {
      window.clearTimeout(timer);
    };
  }, [copy]);

  const fallback = () => {
    if (block.current !== null && selectText(block.current)) setCopy('selected');
  };

  const onCopy = () => {
    const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
    if (clipboard === undefined || typeof clipboard.writeText !== 'function') {
      fallback();
      return;
    }
    clipboard.writeText(text).then(
      () => {
        setCopy('copied');
      },
      () => {
        fallback();
      },
    );
  };

  return (
    <div className="fix-commands">
      <pre ref={block} className="fix-commands-text">
        {commands.map((c, i) => (
          <code key={i}>{c}</code>
        ))}
      </pre>
      <div className="fix-commands-copy">
        <button
          type="button"
          className="fix-copy"
          aria-label={`Copy commands for ${findingId}`}
          onClick={onCopy}
        >
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
        <span className="fix-copy-note" role="status">
          {copy === 'selected' ? 'Selected: press Ctrl+C to copy.' : ''}
        </span>
      </div>
    </div>
  );
}
