import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PmEvent } from '../../../electron/contract.js';
import { useSubflowStore } from '../../../renderer/src/store/store.js';
import { EventsTimeline } from '../../../renderer/src/views/events/EventsTimeline.js';
import { BLUE, event, fakeApi, RED, T0 } from '../connections/fixtures.js';

const initial = useSubflowStore.getState();

const CREATED = event({
  time: T0,
  type: 'created',
  token: 'aaaaaaaa',
  local: RED.local,
  remote: RED.remote,
});
const JOINED = event({
  time: T0 + 120,
  type: 'sub-established',
  token: 'aaaaaaaa',
  local: BLUE.local,
  remote: BLUE.remote,
  interface: 'blue-c',
  localId: 1,
  remoteId: 0,
  backup: true,
});
const INFERRED = event({
  time: T0 + 2000,
  type: 'sub-closed',
  source: 'inferred',
  token: 'bbbbbbbb',
  local: RED.local,
  remote: RED.remote,
  interface: 'red-c',
  error: 110,
});
const NOTICE = event({
  time: T0 + 3000,
  type: 'monitor',
  message: 'The namespace sflab-cli is gone; watching stopped.',
});

/** Newest first, as the store keeps them. */
const EVENTS: PmEvent[] = [NOTICE, INFERRED, JOINED, CREATED];

function setEvents(events: PmEvent[]): void {
  act(() => {
    useSubflowStore.setState({ events });
  });
}

const rows = (): HTMLElement[] => [...document.querySelectorAll<HTMLElement>('.event-row')];
const types = (): string[] => rows().map((r) => r.dataset.type ?? '');

beforeEach(() => {
  useSubflowStore.setState({ ...initial, api: fakeApi() }, true);
});

describe('EventsTimeline', () => {
  it('lists events newest first with time, words, token, addresses and interface', () => {
    setEvents(EVENTS);
    render(<EventsTimeline />);
    expect(types()).toEqual(['monitor', 'sub-closed', 'sub-established', 'created']);
    const joined = rows()[2]!;
    expect(within(joined).getByText('subflow established')).toBeTruthy();
    expect(within(joined).getByText(/\d\d:\d\d:\d\d\.\d{3}/)).toBeTruthy();
    expect(within(joined).getByText('203.0.113.1:40001 → 198.51.100.2:5201')).toBeTruthy();
    expect(within(joined).getByText('blue-c')).toBeTruthy();
    expect(within(joined).getByText('backup')).toBeTruthy();
    expect(within(joined).getByText('ids 1 / 0')).toBeTruthy();
    expect(within(rows()[1]!).getByText('error 110 (timed out)')).toBeTruthy();
  });

  it("shows a close reason in the host's words instead of the bare error", () => {
    const reason =
      'ECONNRESET: reset by the peer (a TCP reset from the peer or from a box on the path)';
    setEvents([event({ ...INFERRED, source: 'kernel', error: 104, reason })]);
    render(<EventsTimeline />);
    expect(within(rows()[0]!).getByText(reason)).toBeTruthy();
    expect(within(rows()[0]!).queryByText(/error 104/)).toBeNull();
  });

  it('shows failover findings as notices with their message', () => {
    const message =
      'connection aaaaaaaa: red-c (198.51.100.1) carries traffic again (24 Mbit/s); it was out for 5.0 s';
    setEvents([
      event({ time: T0, type: 'recovered', source: 'inferred', token: 'aaaaaaaa', message }),
    ]);
    render(<EventsTimeline />);
    expect(rows()[0]!.className).toContain('is-notice');
    expect(within(rows()[0]!).getByText('path recovered')).toBeTruthy();
    expect(within(rows()[0]!).getByText(message)).toBeTruthy();
  });

  it('names a lone id by its side', () => {
    setEvents([
      event({
        type: 'announced',
        token: 'aaaaaaaa',
        remote: { address: '203.0.113.2', port: 0 },
        remoteId: 1,
      }),
      event({ type: 'removed', token: 'aaaaaaaa', localId: 2 }),
    ]);
    render(<EventsTimeline />);
    const [announced, removed] = rows();
    expect(within(announced!).getByText('address announced')).toBeTruthy();
    expect(within(announced!).getByText('203.0.113.2')).toBeTruthy();
    expect(within(announced!).getByText('remote id 1')).toBeTruthy();
    expect(within(removed!).getByText('local id 2')).toBeTruthy();
  });

  it('marks inferred events and explains them; kernel events carry no tag', () => {
    setEvents(EVENTS);
    render(<EventsTimeline />);
    const [, inferred, kernel] = rows();
    const tag = within(inferred!).getByText('inferred');
    expect(tag.getAttribute('title')).toMatch(/two successive samples.*CAP_NET_ADMIN/);
    expect(within(kernel!).queryByText('inferred')).toBeNull();
    expect(inferred!.dataset.source).toBe('inferred');
    expect(screen.getByText(/not received from the kernel/, { selector: 'p' })).toBeTruthy();
  });

  it('shows monitor notices with their message across the row', () => {
    setEvents(EVENTS);
    render(<EventsTimeline />);
    const notice = rows()[0]!;
    expect(notice.className).toContain('is-notice');
    expect(within(notice).getByText('monitor notice')).toBeTruthy();
    expect(within(notice).getByText(/namespace sflab-cli is gone/)).toBeTruthy();
  });

  it('filters by connection from the select and by clicking a token', async () => {
    const user = userEvent.setup();
    setEvents(EVENTS);
    render(<EventsTimeline />);
    const select = screen.getByRole('combobox', { name: 'Connection' });
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['All connections', 'aaaaaaaa', 'bbbbbbbb']);
    await user.selectOptions(select, 'bbbbbbbb');
    expect(types()).toEqual(['sub-closed']);
    await user.selectOptions(select, '');
    expect(types()).toHaveLength(4);

    await user.click(
      screen.getAllByRole('button', { name: 'show only events of connection aaaaaaaa' })[0]!,
    );
    expect(types()).toEqual(['sub-established', 'created']);
    expect((select as HTMLSelectElement).value).toBe('aaaaaaaa');
  });

  it('filters by type group', async () => {
    const user = userEvent.setup();
    setEvents(EVENTS);
    render(<EventsTimeline />);
    const select = screen.getByRole('combobox', { name: 'Type' });
    await user.selectOptions(select, 'subflows');
    expect(types()).toEqual(['sub-closed', 'sub-established']);
    await user.selectOptions(select, 'monitor');
    expect(types()).toEqual(['monitor']);
    await user.selectOptions(select, 'addresses');
    expect(screen.getByText(/No event matches these filters/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show all events' }));
    expect(types()).toHaveLength(4);
  });

  it('holds the list still while paused and counts what arrives', async () => {
    const user = userEvent.setup();
    setEvents(EVENTS);
    render(<EventsTimeline />);
    const pause = screen.getByRole('button', { name: 'Pause' });
    await user.click(pause);
    expect(pause.getAttribute('aria-pressed')).toBe('true');

    const later = [
      event({ time: T0 + 5000, type: 'sub-established', token: 'cccccccc' }),
      event({ time: T0 + 4000, type: 'announced', token: 'cccccccc' }),
    ];
    setEvents([...later, ...EVENTS]);
    expect(types()).toEqual(['monitor', 'sub-closed', 'sub-established', 'created']);
    const more = screen.getByRole('button', { name: '2 new' });

    await user.click(more);
    expect(types()).toHaveLength(6);
    expect(types()[0]).toBe('sub-established');
    expect(screen.queryByRole('button', { name: /new$/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Pause' }).getAttribute('aria-pressed')).toBe(
      'false',
    );
  });

  it('holds still while scrolled down, and goes live again back at the top', () => {
    setEvents(EVENTS);
    render(<EventsTimeline />);
    const scroller = document.querySelector<HTMLElement>('.events-scroll')!;
    scroller.scrollTop = 200;
    fireEvent.scroll(scroller);
    setEvents([event({ time: T0 + 9000, type: 'closed', token: 'aaaaaaaa' }), ...EVENTS]);
    expect(types()[0]).toBe('monitor');
    expect(screen.getByRole('button', { name: '1 new' })).toBeTruthy();

    scroller.scrollTop = 0;
    fireEvent.scroll(scroller);
    expect(types()[0]).toBe('closed');
  });

  it('updates live when not held', () => {
    setEvents(EVENTS);
    render(<EventsTimeline />);
    setEvents([event({ time: T0 + 9000, type: 'closed', token: 'aaaaaaaa' }), ...EVENTS]);
    expect(types()[0]).toBe('closed');
    expect(screen.queryByRole('button', { name: /new$/ })).toBeNull();
  });

  it('says when there is nothing yet', () => {
    render(<EventsTimeline />);
    expect(screen.getByText(/No path-manager events yet/)).toBeTruthy();
  });
});

describe('keyboard and screen readers', () => {
  it('is one tab stop, with the arrow keys moving between the connections', async () => {
    const user = userEvent.setup();
    setEvents(EVENTS);
    render(<EventsTimeline />);
    const tokens = screen.getAllByRole('button', { name: /^show only events of connection/ });
    expect(tokens).toHaveLength(3);
    // Only the first token button is in the tab order.
    expect(tokens.map((b) => b.tabIndex)).toEqual([0, -1, -1]);
    tokens[0]?.focus();
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(tokens[1]);
    expect(tokens.map((b) => b.tabIndex)).toEqual([-1, 0, -1]);
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(tokens[2]);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(tokens[2]);
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(tokens[0]);
    // Tab leaves the list rather than walking through every row.
    await user.tab();
    expect(tokens).not.toContain(document.activeElement);
  });

  it('reads out a new failover finding once, in a polite live region', () => {
    setEvents(EVENTS);
    render(<EventsTimeline />);
    const region = () =>
      [...document.querySelectorAll<HTMLElement>('.events [role="status"]')].map(
        (r) => r.textContent,
      );
    expect(region()).toEqual(['']);
    const message =
      'connection aaaaaaaa: red-c (198.51.100.1) carries no traffic; blue-c (203.0.113.1) took over';
    setEvents([event({ time: T0 + 4000, type: 'failover', message }), ...EVENTS]);
    expect(region()).toEqual([message]);
    // Later events that are not failovers leave the region as it is: nothing is read twice.
    setEvents([
      event({ time: T0 + 5000, type: 'created', token: 'cccccccc' }),
      event({ time: T0 + 4000, type: 'failover', message }),
      ...EVENTS,
    ]);
    expect(region()).toEqual([message]);
  });
});
