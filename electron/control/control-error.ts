// Errors of the control layer as data: each carries an ApiErrorCode and one sentence saying what
// happened and what to do, so every shell (IPC, HTTP, CLI) can pass it on unchanged.
import type { ApiError, ApiErrorCode } from '../contract.js';

/** A refusal or failure of a control request, with the code the API reports it under. */
export class ControlError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }

  /** The error as it crosses a process boundary. */
  toApiError(): ApiError {
    return { code: this.code, message: this.message };
  }
}
