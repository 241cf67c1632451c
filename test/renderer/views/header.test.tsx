import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Header } from '../../../renderer/src/views/header/Header.js';
import { mptcpText, privilegeText } from '../../../renderer/src/views/header/header-text.js';
import { resetSubflowStore, useSubflowStore } from '../../../renderer/src/store/store.js';
import { createFakeApi, ok } from '../support/fake-api.js';
import { snapshot, T0 } from '../support/fixtures.js';

/** A recording's journal (times are set by each test). */
const RECORDING = {
  id: 'rec.jsonl',
  path: '/var/lib/subflow/rec.jsonl',
  startedAt: 0,
  endedAt: 0,
  ticks: 10,
  bytes: 1_000,
  hostname: 'lab-host',
  netns: null,
};

/** Lets pending promises and the React updates they cause run. */
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

function renderHeader(onToggleSetup: () => void = () => undefined) {
  return render(
    <Header
      sessionsOpen={false}
      sessionsId="s"
      onToggleSessions={() => undefined}
      setupOpen={false}
      setupId="u"
      onToggleSetup={onToggleSetup}
    />,
  );
}

beforeEach(() => {
  localStorage.clear();
  resetSubflowStore();
  useSubflowStore.setState({ status: { kind: 'open' } });
});

describe('header texts', () => {
  it('says what privileges enable, and what their absence disables and how to get them', () => {
    expect(privilegeText(true).short).toBe('privileged');
    const unprivileged = privilegeText(false);
    expect(unprivileged.short).toBe('not privileged: toggles off, events inferred');
    expect(unprivileged.full).toMatch(/inferred from successive samples/);
    expect(unprivileged.full).toMatch(/run sudo subflow serve/);
    expect(unprivileged.full).toMatch(/setcap/);
    expect(privilegeText(false, 'npx subflow').full).toMatch(/run sudo npx subflow serve,/);
  });

  it('names the sysctl when MPTCP is disabled', () => {
    expect(mptcpText({ mptcp: 'upstream', enabled: true }).short).toBe('MPTCP on');
    const off = mptcpText({ mptcp: 'upstream', enabled: false });
    expect(off.short).toBe('MPTCP off');
    expect(off.full).toMatch(/sysctl -w net.mptcp.enabled=1/);
  });
});

describe('<Header />', () => {
  it('shows the host, kernel, MPTCP state, path manager, scheduler, privileges and namespace', () => {
    useSubflowStore.setState({ snapshot: snapshot(T0) });
    renderHeader();
    const facts = screen.getByRole('list', { name: 'Host' });
    expect(facts.textContent).toContain('lab-host');
    expect(facts.textContent).toContain('Linux 6.18.0-test');
    expect(facts.textContent).toContain('MPTCP on');
    expect(facts.textContent).toContain('pm kernel');
    expect(facts.textContent).toContain('scheduler default');
    expect(facts.textContent).toContain('netns subflow-cli');
    const privileged = screen.getByText('privileged');
    expect(privileged.getAttribute('title')).toMatch(/CAP_NET_ADMIN/);
    expect(screen.getByText('LIVE')).toBeTruthy();
  });

  it('shows an unprivileged host with the full sentence in the tooltip', () => {
    useSubflowStore.setState({ snapshot: snapshot(T0, { privileged: false }) });
    renderHeader();
    const label = screen.getByText('not privileged: toggles off, events inferred');
    expect(label.getAttribute('title')).toBe(privilegeText(false).full);
  });

  it('pauses the monitor and changes its tick interval through monitor:configure', async () => {
    const api = createFakeApi({
      'monitor:configure': (args) =>
        ok({ intervalMs: args.intervalMs ?? 1000, paused: args.paused ?? false }),
    });
    useSubflowStore.setState({
      api,
      snapshot: snapshot(T0),
      monitor: { intervalMs: 1000, paused: false },
    });
    renderHeader();
    fireEvent.click(screen.getByRole('button', { name: /Pause/ }));
    await settle();
    expect(api.calls[0]).toEqual({ name: 'monitor:configure', args: { paused: true } });
    expect(screen.getByText('PAUSED')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Resume/ })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Tick interval' }), {
      target: { value: '500' },
    });
    await settle();
    expect(api.calls[1]).toEqual({ name: 'monitor:configure', args: { intervalMs: 500 } });
    const options = screen.getAllByRole('option').map((o) => o.textContent);
    expect(options.slice(0, 5)).toEqual(['250 ms', '500 ms', '1 s', '2 s', '5 s']);
  });

  it('switches units and the chart window', () => {
    useSubflowStore.setState({ snapshot: snapshot(T0) });
    renderHeader();
    const bytes = screen.getByRole('button', { name: 'B/s' });
    expect(bytes.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(bytes);
    expect(useSubflowStore.getState().settings.units).toBe('bytes');
    expect(bytes.getAttribute('aria-pressed')).toBe('true');
    fireEvent.change(screen.getByRole('combobox', { name: 'Chart window' }), {
      target: { value: '300' },
    });
    expect(useSubflowStore.getState().settings.windowSeconds).toBe(300);
  });

  it('records and stops, showing elapsed time and size while recording', async () => {
    const session = {
      id: 'rec.jsonl',
      path: '/var/lib/subflow/rec.jsonl',
      startedAt: Date.now() - 72_000,
      endedAt: Date.now(),
      ticks: 72,
      bytes: 3_400_000,
      hostname: 'lab-host',
      netns: null,
    };
    const api = createFakeApi({
      'record:start': () => ok({ active: true, session }),
      'record:stop': () => ok({ active: false, session }),
    });
    useSubflowStore.setState({ api, recording: { active: false, session: null } });
    renderHeader();
    fireEvent.click(screen.getByRole('button', { name: /Record/ }));
    await settle();
    expect(api.calls).toEqual([{ name: 'record:start', args: {} }]);
    expect(screen.getByText(/REC 1m 1\ds · 3.40 MB/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Stop/ }));
    await settle();
    expect(api.calls[1]).toEqual({ name: 'record:stop', args: {} });
    expect(screen.getByRole('button', { name: /Record/ })).toBeTruthy();
  });

  it('shows OFFLINE rather than LIVE while the link is down', () => {
    useSubflowStore.setState({
      snapshot: snapshot(T0),
      status: { kind: 'reconnecting', attempt: 1, retryAt: T0, reason: 'x' },
    });
    renderHeader();
    expect(screen.getByText('OFFLINE')).toBeTruthy();
    expect(screen.queryByText('LIVE')).toBeNull();
  });

  it('shows REPLAY and disables the live monitor controls during a replay', () => {
    useSubflowStore.setState({
      snapshot: snapshot(T0),
      monitor: { intervalMs: 1000, paused: false },
      api: createFakeApi(),
      playback: {
        mode: 'replay',
        session: {
          id: 's.jsonl',
          path: '/s',
          startedAt: T0,
          endedAt: T0 + 1,
          ticks: 1,
          bytes: 1,
          hostname: 'h',
          netns: null,
        },
        position: T0,
        playing: false,
        speed: 1,
      },
    });
    renderHeader();
    expect(screen.getByText('REPLAY')).toBeTruthy();
    const pause = screen.getByRole('button', { name: /Pause/ });
    expect((pause as HTMLButtonElement).disabled).toBe(true);
    expect(pause.getAttribute('title')).toMatch(/Back to live/);
  });
});

describe('setup button', () => {
  it('opens the setup drawer', () => {
    let toggles = 0;
    renderHeader(() => {
      toggles++;
    });
    const button = screen.getByRole('button', { name: 'Setup' });
    expect(button.getAttribute('aria-controls')).toBe('u');
    fireEvent.click(button);
    expect(toggles).toBe(1);
  });
});

describe('the recording clock', () => {
  it('stops while the page is hidden and reads the time again when shown', () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    try {
      const startedAt = Date.now() - 10_000;
      const session = { ...RECORDING, startedAt };
      const api = createFakeApi({ 'record:status': () => ok({ active: true, session }) });
      useSubflowStore.setState({ api, recording: { active: true, session } });
      renderHeader();
      act(() => {
        vi.advanceTimersByTime(1000);
      });
      expect(screen.getByText(/REC 11s/)).toBeTruthy();

      act(() => {
        useSubflowStore.setState({ pageHidden: true });
      });
      const calls = api.calls.length;
      act(() => {
        vi.advanceTimersByTime(20_000);
      });
      // No tick, no status request: the text still says what it said when hidden.
      expect(api.calls.slice(calls)).toEqual([]);
      expect(screen.getByText(/REC 11s/)).toBeTruthy();

      act(() => {
        useSubflowStore.setState({ pageHidden: false });
      });
      act(() => {
        vi.advanceTimersByTime(0);
      });
      expect(screen.getByText(/REC 31s/)).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });
});
