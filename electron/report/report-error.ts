// The error of a report that cannot be made: one sentence saying what happened and what to do,
// and an ApiErrorCode so the Host answers with it.
import type { ApiErrorCode } from '../contract.js';

export class ReportError extends Error {
  readonly code: Extract<
    ApiErrorCode,
    'not-found' | 'bad-request' | 'permission' | 'unavailable' | 'internal'
  >;
  constructor(message: string, code: ReportError['code'] = 'internal') {
    super(message);
    this.name = 'ReportError';
    this.code = code;
  }
}

/** An I/O failure of writing `path` as a ReportError that says what to do. */
export function writeFailure(path: string, err: unknown): ReportError {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new ReportError(
      `cannot write report ${path}: permission denied; choose another --out path or make the directory writable`,
      'permission',
    );
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new ReportError(
      `cannot write report ${path}: its directory does not exist; create it or choose another --out path`,
      'not-found',
    );
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new ReportError(
      `cannot write report ${path}: the disk is full; free some space and export again`,
    );
  if (code === 'EISDIR')
    return new ReportError(
      `cannot write report ${path}: it is a directory; give a file name with --out`,
      'bad-request',
    );
  return new ReportError(
    `cannot write report ${path}: ${err instanceof Error ? err.message : String(err)}`,
  );
}
