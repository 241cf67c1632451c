// Control of the kernel's MPTCP settings: multipath on / off / backup per interface, limits, and
// the modes a person chose (remembered across restarts).
export * from './choices.js';
export * from './choices-file.js';
export * from './control-error.js';
export { controlKernel } from './control-kernel.js';
export type { ControlKernel } from './control-kernel.js';
export * from './limits.js';
export * from './multipath.js';
export * from './plan.js';
export * from './read-back.js';
export { offNote } from './notes.js';
export { forgetChoice } from './forget-choice.js';
export { rememberChoices } from './reapply-watch.js';
export type { RememberedChoices } from './reapply-watch.js';
