// Renderer entry: picks the host link (Electron bridge or WebSocket to `subflow serve`),
// connects it to the store, and mounts the dashboard.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { useSubflowStore } from './store/store.js';
import { connectStore } from './transport/connect-store.js';
import { pickApi } from './transport/pick-api.js';

const picked = pickApi();
const disconnect = connectStore(picked, useSubflowStore);
window.addEventListener('pagehide', () => {
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
