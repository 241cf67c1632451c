// The dashboard's layout: header, replay bar and banners on top; interfaces and connections in
// the main column; the events timeline as a right column on wide screens (stacked below on
// narrower ones); the sessions or setup drawer over the right edge when open (one at a time).
// The app's menu opens the drawers through the URL hash (#/sessions, #/setup).
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { ConnectionsView } from './views/connections/ConnectionsView.js';
import { PlainTcpApps } from './views/connections/PlainTcpApps.js';
import { EventsTimeline } from './views/events/EventsTimeline.js';
import { Header } from './views/header/Header.js';
import { InterfacesPanel } from './views/interfaces/InterfacesPanel.js';
import { ReplayBar } from './views/sessions/ReplayBar.js';
import { SessionsPanel } from './views/sessions/SessionsPanel.js';
import { SetupPanel } from './views/setup/SetupPanel.js';
import { StatusBanners } from './views/states/Banners.js';
import './theme/theme.css';
import './App.css';

type Drawer = 'sessions' | 'setup' | null;

/** The drawer a location hash asks for ("#/setup" → 'setup'). */
export function drawerFromHash(hash: string): Drawer {
  if (hash === '#/sessions') return 'sessions';
  if (hash === '#/setup') return 'setup';
  return null;
}

/**
 * Keeps --header-height on the root equal to the sticky header's height, so the drawers open
 * below it and never cover the header buttons their text refers to.
 */
function useHeaderHeight(): void {
  useEffect(() => {
    const header = document.querySelector<HTMLElement>('.app-header');
    if (header === null || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const set = () => {
      root.style.setProperty('--header-height', `${header.offsetHeight}px`);
    };
    set();
    const observer = new ResizeObserver(set);
    observer.observe(header);
    return () => {
      observer.disconnect();
    };
  }, []);
}

export function App() {
  const [drawer, setDrawer] = useState<Drawer>(() => drawerFromHash(window.location.hash));
  const sessionsId = useId();
  const setupId = useId();
  // The header buttons that open the drawers: closing a drawer (Esc, its × button) hands the
  // keyboard focus back to the button that opened it instead of dropping it on <body>.
  const sessionsButton = useRef<HTMLButtonElement>(null);
  const setupButton = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => {
    setDrawer(null);
    if (window.location.hash) history.replaceState(null, '', window.location.pathname);
  }, []);
  const closeSessions = useCallback(() => {
    close();
    sessionsButton.current?.focus();
  }, [close]);
  const closeSetup = useCallback(() => {
    close();
    setupButton.current?.focus();
  }, [close]);
  useHeaderHeight();
  const toggle = (which: Exclude<Drawer, null>) => {
    setDrawer((open) => (open === which ? null : which));
  };
  useEffect(() => {
    const onHash = () => {
      const wanted = drawerFromHash(window.location.hash);
      if (wanted) setDrawer(wanted);
    };
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('hashchange', onHash);
    };
  }, []);
  return (
    <div className="app">
      <Header
        sessionsOpen={drawer === 'sessions'}
        sessionsId={sessionsId}
        onToggleSessions={() => {
          toggle('sessions');
        }}
        setupOpen={drawer === 'setup'}
        setupId={setupId}
        onToggleSetup={() => {
          toggle('setup');
        }}
        sessionsButtonRef={sessionsButton}
        setupButtonRef={setupButton}
      />
      <ReplayBar />
      <StatusBanners />
      <main className="layout">
        <div className="main-column">
          <InterfacesPanel />
          <ConnectionsView />
          <PlainTcpApps />
        </div>
        <aside className="events-column" aria-label="Path-manager events">
          <EventsTimeline />
        </aside>
      </main>
      <SessionsPanel id={sessionsId} open={drawer === 'sessions'} onClose={closeSessions} />
      {drawer === 'setup' && <SetupPanel id={setupId} onClose={closeSetup} />}
    </div>
  );
}
