// The MPTCP path manager over generic netlink: constants, pure codecs and thin I/O calls.
export * from './constants.js';
export * from './endpoints.js';
export * from './events.js';
export * from './client.js';
