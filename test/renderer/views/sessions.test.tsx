import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Playback, ReportResult, SessionInfo } from '../../../electron/contract.js';
import { resetSubflowStore, useSubflowStore } from '../../../renderer/src/store/store.js';
import { ReplayBar } from '../../../renderer/src/views/sessions/ReplayBar.js';
import { SessionsPanel } from '../../../renderer/src/views/sessions/SessionsPanel.js';
import { createFakeApi, ok } from '../support/fake-api.js';
import { snapshot, T0 } from '../support/fixtures.js';

const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

const session: SessionInfo = {
  id: '2025-01-01T12-00-00.jsonl',
  path: '/var/lib/subflow/sessions/2025-01-01T12-00-00.jsonl',
  startedAt: T0,
  endedAt: T0 + 300_000,
  ticks: 300,
  bytes: 2_500_000,
  hostname: 'lab-host',
  netns: 'subflow-cli',
};

const replay = (
  position: number,
  patch: Partial<Extract<Playback, { mode: 'replay' }>> = {},
): Playback => ({
  mode: 'replay',
  session,
  position,
  playing: false,
  speed: 1,
  ...patch,
});

beforeEach(() => {
  resetSubflowStore();
});

describe('<SessionsPanel />', () => {
  it('lists sessions with start, duration and size, and replays one', async () => {
    const api = createFakeApi({
      'sessions:list': () => ok([session]),
      'playback:open': () => ok(replay(T0)),
      'playback:play': () => ok(replay(T0, { playing: true })),
      'snapshot:get': () => ok(snapshot(T0)),
    });
    useSubflowStore.setState({ api });
    let closed = 0;
    render(<SessionsPanel id="sessions" open onClose={() => (closed += 1)} />);
    await settle();
    expect(screen.getByText(session.id)).toBeTruthy();
    expect(screen.getByText(/5m 00s · 2.50 MB · lab-host \(subflow-cli\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: `Replay ${session.id}` }));
    await settle();
    expect(api.calls.find((c) => c.name === 'playback:open')?.args).toEqual({
      session: session.id,
    });
    expect(useSubflowStore.getState().playback.mode).toBe('replay');
    // It plays at once, and the drawer closes so the replay bar is not covered.
    expect(api.calls.find((c) => c.name === 'playback:play')?.args).toEqual({ playing: true });
    expect(useSubflowStore.getState().playback).toMatchObject({ mode: 'replay', playing: true });
    expect(closed).toBe(1);
  });

  it('keeps the drawer open when the replay cannot be opened', async () => {
    const api = createFakeApi({
      'sessions:list': () => ok([session]),
      'playback:open': () => ({
        ok: false,
        error: { code: 'not-found', message: 'no session: pick one from sessions:list' },
      }),
    });
    useSubflowStore.setState({ api });
    let closed = 0;
    render(<SessionsPanel id="sessions" open onClose={() => (closed += 1)} />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: `Replay ${session.id}` }));
    await settle();
    expect(api.calls.some((c) => c.name === 'playback:play')).toBe(false);
    expect(closed).toBe(0);
    expect(useSubflowStore.getState().notice).toContain('no session');
  });

  it('exports a report with a progress bar, then links to the download', async () => {
    let finish: (r: ReportResult) => void = () => undefined;
    const api = createFakeApi({
      'sessions:list': () => ok([session]),
      'report:export': () =>
        new Promise((resolve) => {
          finish = (r) => {
            resolve(ok(r));
          };
        }),
    });
    useSubflowStore.setState({ api });
    render(<SessionsPanel id="sessions" open onClose={() => undefined} />);
    await settle();
    fireEvent.change(screen.getByRole('combobox', { name: `Report format for ${session.id}` }), {
      target: { value: 'pdf' },
    });
    fireEvent.click(screen.getByRole('button', { name: `Export ${session.id}` }));
    expect(api.calls.at(-1)).toEqual({
      name: 'report:export',
      args: { session: session.id, format: 'pdf' },
    });
    act(() => {
      useSubflowStore.setState({ progress: { task: 'report', done: 3, total: 4 } });
    });
    const bar = screen.getByRole('progressbar', { name: `Exporting ${session.id}` });
    expect(bar.getAttribute('value')).toBe('75');
    finish({
      format: 'pdf',
      path: '/tmp/r.pdf',
      bytes: 120_000,
      downloadPath: '/api/reports/r.pdf',
    });
    await settle();
    const link = screen.getByRole('link', { name: /Download PDF \(120 kB\)/ });
    expect(link.getAttribute('href')).toBe('/api/reports/r.pdf');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('closes on Escape', async () => {
    let closed = false;
    useSubflowStore.setState({ api: createFakeApi({ 'sessions:list': () => ok([]) }) });
    render(
      <SessionsPanel
        id="sessions"
        open
        onClose={() => {
          closed = true;
        }}
      />,
    );
    await settle();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(closed).toBe(true);
  });
});

describe('<ReplayBar />', () => {
  it('is absent while live', () => {
    const { container } = render(<ReplayBar />);
    expect(container.textContent).toBe('');
  });

  it('seeks with the scrubber, plays at a speed, and goes back to live', async () => {
    const api = createFakeApi({
      'playback:seek': (args) => ok(replay(args.time)),
      'playback:play': (args) =>
        ok(replay(T0 + 60_000, { playing: args.playing, speed: args.speed ?? 1 })),
      'playback:close': () => ok({ mode: 'live' as const }),
    });
    useSubflowStore.setState({ api, playback: replay(T0) });
    render(<ReplayBar />);
    const scrubber = screen.getByRole<HTMLInputElement>('slider', { name: 'Replay position' });
    expect(Number(scrubber.min)).toBe(T0);
    expect(Number(scrubber.max)).toBe(T0 + 300_000);
    fireEvent.change(scrubber, { target: { value: String(T0 + 60_000) } });
    await settle();
    expect(api.calls).toEqual([{ name: 'playback:seek', args: { time: T0 + 60_000 } }]);
    expect(screen.getByText(/1m 00s of 5m 00s/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '16×' }));
    await settle();
    expect(api.calls.at(-1)).toEqual({
      name: 'playback:play',
      args: { playing: false, speed: 16 },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Play the replay' }));
    await settle();
    expect(api.calls.at(-1)).toEqual({ name: 'playback:play', args: { playing: true, speed: 16 } });

    fireEvent.click(screen.getByRole('button', { name: 'Back to live' }));
    await settle();
    expect(api.calls.some((c) => c.name === 'playback:close')).toBe(true);
    expect(useSubflowStore.getState().playback).toEqual({ mode: 'live' });
    expect(screen.queryByRole('region', { name: 'Replay' })).toBeNull();
  });
});
