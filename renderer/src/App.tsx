// The dashboard's layout: header, replay bar and banners on top; interfaces and connections in
// the main column; the events timeline as a right column on wide screens (stacked below on
// narrower ones); the sessions drawer over the right edge when open.
import { useCallback, useId, useState } from 'react';
import { ConnectionsView } from './views/connections/ConnectionsView.js';
import { EventsTimeline } from './views/events/EventsTimeline.js';
import { Header } from './views/header/Header.js';
import { InterfacesPanel } from './views/interfaces/InterfacesPanel.js';
import { ReplayBar } from './views/sessions/ReplayBar.js';
import { SessionsPanel } from './views/sessions/SessionsPanel.js';
import { StatusBanners } from './views/states/Banners.js';
import './theme/theme.css';
import './App.css';

export function App() {
  const [sessionsOpen, setSessionsOpen] = useState(false);
  const sessionsId = useId();
  const closeSessions = useCallback(() => {
    setSessionsOpen(false);
  }, []);
  return (
    <div className="app">
      <Header
        sessionsOpen={sessionsOpen}
        sessionsId={sessionsId}
        onToggleSessions={() => {
          setSessionsOpen((open) => !open);
        }}
      />
      <ReplayBar />
      <StatusBanners />
      <main className="layout">
        <div className="main-column">
          <InterfacesPanel />
          <ConnectionsView />
        </div>
        <aside className="events-column" aria-label="Path-manager events">
          <EventsTimeline />
        </aside>
      </main>
      <SessionsPanel id={sessionsId} open={sessionsOpen} onClose={closeSessions} />
    </div>
  );
}
