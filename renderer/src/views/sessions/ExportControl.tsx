// Export of one recorded session: a format select, the Export button, a progress bar fed by
// onProgress pushes while it runs, then where the report went (a download link when the host
// serves one).
import { useState } from 'react';
import type { ReportFormat, ReportResult } from '../../../../electron/contract.js';
import { REPORT_FORMATS } from '../../../../electron/contract.js';
import { formatBytes } from '../../format/units.js';
import { useSubflowStore } from '../../store/store.js';
import { progressPercent } from './session-text.js';

export interface ExportControlProps {
  readonly sessionId: string;
}

type ExportState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running' }
  | { readonly kind: 'done'; readonly result: ReportResult }
  | { readonly kind: 'failed'; readonly message: string };

export function ExportControl({ sessionId }: ExportControlProps) {
  const exportReport = useSubflowStore((s) => s.exportReport);
  const progress = useSubflowStore((s) => s.progress);
  const [format, setFormat] = useState<ReportFormat>('html');
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const running = state.kind === 'running';

  const run = async () => {
    setState({ kind: 'running' });
    const r = await exportReport(sessionId, format);
    setState(
      r.ok ? { kind: 'done', result: r.value } : { kind: 'failed', message: r.error.message },
    );
  };

  return (
    <div className="export">
      <select
        aria-label={`Report format for ${sessionId}`}
        value={format}
        disabled={running}
        onChange={(e) => {
          const chosen = REPORT_FORMATS.find((f) => f === e.target.value);
          if (chosen !== undefined) setFormat(chosen);
        }}
      >
        {REPORT_FORMATS.map((f) => (
          <option key={f} value={f}>
            {f.toUpperCase()}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={running}
        aria-label={`Export ${sessionId}`}
        onClick={() => {
          void run();
        }}
      >
        Export
      </button>
      {running && (
        <progress
          className="export-progress"
          aria-label={`Exporting ${sessionId}`}
          max={100}
          value={progress === null ? undefined : progressPercent(progress)}
        />
      )}
      {state.kind === 'done' && (
        <span className="export-done">
          {state.result.downloadPath !== undefined ? (
            <a href={state.result.downloadPath} download>
              Download {state.result.format.toUpperCase()} ({formatBytes(state.result.bytes)})
            </a>
          ) : (
            <>
              Written to <code>{state.result.path}</code> ({formatBytes(state.result.bytes)})
            </>
          )}
        </span>
      )}
      {state.kind === 'failed' && (
        <span className="export-error" role="alert">
          {state.message}
        </span>
      )}
    </div>
  );
}
