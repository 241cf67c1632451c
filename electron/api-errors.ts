// Turning whatever a service threw into the contract's ApiError: a code the caller can act on
// and the message that already says what happened and what to do.
import type { ApiError, ApiErrorCode } from './contract.js';

// Codes of KernelError / KernelFailure (native/) and of ControlError (already ApiErrorCodes).
const BY_KERNEL_CODE: Record<string, ApiErrorCode> = {
  kernel: 'kernel',
  internal: 'internal',
  unauthorized: 'unauthorized',
  permission: 'permission',
  'mptcp-unavailable': 'mptcp-unavailable',
  netns: 'netns',
  'not-found': 'not-found',
  'bad-request': 'bad-request',
  unavailable: 'unavailable',
  netlink: 'kernel',
  decode: 'kernel',
  ffi: 'kernel',
  timeout: 'kernel',
};

/** Errors that carry a `code` (KernelError, KernelFailure, ControlError) keep its meaning. */
export function toApiError(err: unknown): ApiError {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: (typeof code === 'string' ? BY_KERNEL_CODE[code] : undefined) ?? 'internal',
    message,
  };
}
