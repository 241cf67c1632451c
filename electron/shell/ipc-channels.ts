// The two IPC channels between main and preload: requests (invoke → Result) and pushes. Shared
// by both sides; the preload bundles this file, so it must stay free of Node imports.

/** Renderer → main: `ipcRenderer.invoke(INVOKE_CHANNEL, name, args)` answers a Result. */
export const INVOKE_CHANNEL = 'subflow:invoke';
/** Main → renderer: `webContents.send(PUSH_CHANNEL, name, payload)`, one per Host push. */
export const PUSH_CHANNEL = 'subflow:push';
