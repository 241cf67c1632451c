// Renderer entry: picks the host link (Electron bridge or WebSocket to `subflow serve`),
// connects it to the store, follows the page's visibility, and mounts the dashboard.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { watchPageVisibility } from './store/page-visibility.js';
import { useSubflowStore } from './store/store.js';
import { connectStore } from './transport/connect-store.js';
import { pickApi } from './transport/pick-api.js';

const picked = pickApi();
const disconnect = connectStore(picked, useSubflowStore);
const unwatch = watchPageVisibility(document, useSubflowStore);
window.addEventListener('pagehide', () => {
  unwatch();
  disconnect();
  picked.close();
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
