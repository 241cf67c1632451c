// Control of the kernel's MPTCP settings: multipath on / off / backup per interface and limits.
export * from './control-error.js';
export { controlKernel } from './control-kernel.js';
export type { ControlKernel } from './control-kernel.js';
export * from './limits.js';
export * from './multipath.js';
export * from './plan.js';
export * from './read-back.js';
export { offNote } from './notes.js';
