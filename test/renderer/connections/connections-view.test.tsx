import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../../electron/contract.js';
import { useSubflowStore } from '../../../renderer/src/store/store.js';
import {
  ConnectionsView,
  ROW_LIMIT,
} from '../../../renderer/src/views/connections/ConnectionsView.js';
import {
  BLUE,
  connection,
  fakeApi,
  IPERF_PROCESS,
  RED,
  snapshot,
  subflow,
  T0,
} from './fixtures.js';

const initial = useSubflowStore.getState();

function show(connections: readonly Connection[], extra: Partial<typeof initial> = {}): void {
  act(() => {
    useSubflowStore.setState({ snapshot: snapshot(connections), ...extra });
  });
}

/** Tokens of the body rows, top to bottom. */
function rowTokens(): string[] {
  return [...document.querySelectorAll<HTMLTableRowElement>('tr.connection-row')].map(
    (r) => r.dataset.token ?? '',
  );
}

const FAST = connection({
  token: '0000fa57',
  local: { address: '198.51.100.1', port: 40001 },
  subflows: [RED, BLUE],
  firstSeen: T0 - 30_000,
});
const SLOW = connection({
  token: '00005104',
  local: { address: '203.0.113.1', port: 40002 },
  remote: { address: '203.0.113.2', port: 443 },
  state: 'close-wait',
  subflows: [subflow({ txRate: 1_000, rxRate: 0 })],
  txRate: 1_000,
  rxRate: 0,
  firstSeen: T0 - 3_600_000,
});
const V6 = connection({
  token: '000000b6',
  local: { address: '2001:db8::1', port: 40003 },
  remote: { address: '2001:db8::2', port: 80 },
  subflows: [subflow({ interface: 'wlan0', txRate: 100_000, rxRate: 0 })],
  txRate: 100_000,
  rxRate: 0,
  firstSeen: T0 - 1_000,
});

beforeEach(() => {
  useSubflowStore.setState(
    { ...initial, api: fakeApi(), settings: { ...initial.settings, units: 'bits' } },
    true,
  );
});

describe('ConnectionsView', () => {
  it('lists connections busiest first with units, ages and IPv6 in brackets', () => {
    show([SLOW, V6, FAST]);
    render(<ConnectionsView />);
    expect(rowTokens()).toEqual(['0000fa57', '000000b6', '00005104']);
    const fast = document.querySelector('tr[data-token="0000fa57"]')!;
    // 5 + 2.5 MB/s sent + 1.5 kB/s received = 60.0 Mbit/s
    expect(within(fast as HTMLElement).getByText('60.0 Mbit/s')).toBeTruthy();
    expect(within(fast as HTMLElement).getByText('30s')).toBeTruthy();
    expect(screen.getByText('[2001:db8::1]:40003')).toBeTruthy();
    expect(screen.getByText('1h 00m')).toBeTruthy();
    const th = screen.getByRole('columnheader', { name: /Throughput/ });
    expect(th.getAttribute('aria-sort')).toBe('descending');
  });

  it('shows the path mix of each row without expanding, and "idle" for a connection at rest', () => {
    const idle = connection({
      token: '00001d1e',
      subflows: [RED, BLUE].map((s) => ({ ...s, txRate: 0, rxRate: 0 })),
      txRate: 0,
      rxRate: 0,
    });
    show([FAST, idle]);
    render(<ConnectionsView />);
    const fast = document.querySelector<HTMLElement>('tr[data-token="0000fa57"] .path-mix')!;
    expect(fast.textContent).toBe('red-c\u00a067\u00a0% · blue-c\u00a033\u00a0%');
    const parts = [...fast.querySelectorAll<HTMLElement>('.path-mix-part')];
    expect(parts.map((p) => [p.dataset.interface, p.style.width])).toEqual([
      ['red-c', '67%'],
      ['blue-c', '33%'],
    ]);
    // Each part is drawn in its interface's colour, and the two differ.
    expect(parts[0]?.style.background).toContain('--color-iface-');
    expect(parts[0]?.style.background).not.toBe(parts[1]?.style.background);
    const rest = document.querySelector<HTMLElement>('tr[data-token="00001d1e"]')!;
    expect(rest.querySelector('.path-mix')?.textContent).toBe('idle · blue-c, red-c');
    // No flat line pretending to be a chart.
    expect(rest.querySelector('.sparkline')).toBeNull();
  });

  it('names each row toggle by its visible text, so what is seen is what is said', () => {
    show([FAST]);
    render(<ConnectionsView />);
    const toggle = screen.getByRole('button', {
      name: /^198\.51\.100\.1:40001 to 198\.51\.100\.2:5201\s*, connection 0000fa57$/,
    });
    expect(toggle.hasAttribute('aria-label')).toBe(false);
  });

  it('badges a connection that fell back to plain TCP, with the reason to read', () => {
    const reason =
      'the peer did not answer MP_CAPABLE: it does not speak MPTCP, or a box on the path strips the option (MPCapableFallbackSYNACK)';
    show([FAST, connection({ token: '00fa11ba', fallback: true, fallbackReason: reason })]);
    render(<ConnectionsView />);
    const badge = screen.getByLabelText(`TCP fallback: ${reason}`);
    expect(badge.textContent).toBe('TCP fallback');
    expect(badge.getAttribute('title')).toBe(`Fell back to plain TCP: ${reason}`);
    expect(badge.closest('tr')?.dataset.token).toBe('00fa11ba');
    // Only the fallen-back connection carries it.
    expect(screen.getAllByText('TCP fallback')).toHaveLength(1);
  });

  it('switches to bytes when the setting says so', () => {
    show([FAST], { settings: { ...initial.settings, units: 'bytes' } });
    render(<ConnectionsView />);
    expect(screen.getByText('7.50 MB/s')).toBeTruthy();
  });

  it('sorts by each column header, and flips on a second click', async () => {
    const user = userEvent.setup();
    show([SLOW, V6, FAST]);
    render(<ConnectionsView />);
    const header = (name: RegExp) => screen.getByRole('button', { name });

    await user.click(header(/^Connection/));
    expect(rowTokens()).toEqual(['0000fa57', '00005104', '000000b6']);
    expect(screen.getByRole('columnheader', { name: /Connection/ }).getAttribute('aria-sort')).toBe(
      'ascending',
    );
    await user.click(header(/^Connection/));
    expect(rowTokens()).toEqual(['000000b6', '00005104', '0000fa57']);

    await user.click(header(/^State/));
    expect(rowTokens()[0]).toBe('00005104'); // close-wait < established

    await user.click(header(/^Age/));
    expect(rowTokens()).toEqual(['00005104', '0000fa57', '000000b6']);

    await user.click(header(/^Subflows/));
    expect(rowTokens()[0]).toBe('0000fa57');

    await user.click(header(/^Throughput/));
    expect(rowTokens()).toEqual(['0000fa57', '000000b6', '00005104']);
    await user.click(header(/^Throughput/));
    expect(rowTokens()).toEqual(['00005104', '000000b6', '0000fa57']);
    expect(screen.getByRole('columnheader', { name: /Throughput/ }).getAttribute('aria-sort')).toBe(
      'ascending',
    );
    expect(screen.getByRole('columnheader', { name: /Age/ }).getAttribute('aria-sort')).toBe(
      'none',
    );
  });

  it('filters by address, port, token and subflow interface', async () => {
    const user = userEvent.setup();
    show([SLOW, V6, FAST]);
    render(<ConnectionsView />);
    const box = screen.getByRole('searchbox', { name: 'Filter connections' });

    await user.type(box, 'wlan0');
    expect(rowTokens()).toEqual(['000000b6']);
    expect(screen.getByRole('heading', { name: /Connections/ }).textContent).toContain('(1 of 3)');
    await user.clear(box);
    await user.type(box, ':443');
    expect(rowTokens()).toEqual(['00005104']);
    await user.clear(box);
    await user.type(box, 'fa57');
    expect(rowTokens()).toEqual(['0000fa57']);
    await user.clear(box);
    await user.type(box, 'nowhere');
    expect(rowTokens()).toEqual([]);
    expect(screen.getByText(/No connection matches/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear the filter' }));
    expect(rowTokens()).toHaveLength(3);
  });

  it('shows the app of each connection, sorts and filters by it, and says once why some are unknown', async () => {
    const user = userEvent.setup();
    const iperf = IPERF_PROCESS;
    const curl = {
      pid: 77,
      name: 'curl',
      cmdline: 'curl https://example',
      uid: 1000,
      user: 'ann',
      others: 1,
    };
    show([
      { ...FAST, process: iperf },
      { ...SLOW, process: null },
      { ...V6, process: curl },
    ]);
    act(() => {
      useSubflowStore.setState((s) => ({
        snapshot: s.snapshot && { ...s.snapshot, processNote: "other users' apps are not shown" },
      }));
    });
    render(<ConnectionsView />);
    const cell = (token: string) =>
      document.querySelector<HTMLElement>(`tr[data-token="${token}"] td.col-app`)!;
    expect(cell('0000fa57').textContent).toBe('iperf3 4242');
    expect(cell('0000fa57').title).toBe('iperf3 -c 198.51.100.2\npid 4242, user root');
    expect(cell('000000b6').title).toContain('pid 77 and 1 more process, user ann');
    expect(cell('00005104').textContent).toBe('?');
    expect(screen.getAllByText(/other users' apps are not shown/)).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: /^App/ }));
    expect(rowTokens()).toEqual(['000000b6', '0000fa57', '00005104']); // curl, iperf3, unknown
    await user.click(screen.getByRole('button', { name: /^App/ }));
    expect(rowTokens()).toEqual(['00005104', '0000fa57', '000000b6']);

    const box = screen.getByRole('searchbox', { name: 'Filter connections' });
    await user.type(box, 'iperf3');
    expect(rowTokens()).toEqual(['0000fa57']);
    await user.clear(box);
    await user.type(box, 'pid 77');
    expect(rowTokens()).toEqual(['000000b6']);
  });

  it('keeps rows in place when rates tie between ticks', () => {
    const a = connection({ token: 'aaaaaaaa', txRate: 1_000, rxRate: 0 });
    const b = connection({ token: 'bbbbbbbb', txRate: 1_000, rxRate: 0 });
    show([b, a]);
    render(<ConnectionsView />);
    const first = rowTokens();
    show([
      { ...a, txRate: 1_030 },
      { ...b, txRate: 990 },
    ]);
    show([{ ...b, txRate: 1_040 }, a]);
    expect(rowTokens()).toEqual(first);
  });

  it('expands and collapses a row by keyboard, with aria-expanded and the store told', async () => {
    const user = userEvent.setup();
    show([FAST, SLOW]);
    render(<ConnectionsView />);
    const toggle = screen.getByRole('button', { name: /connection 0000fa57/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');

    toggle.focus();
    await user.keyboard('{Enter}');
    expect(useSubflowStore.getState().expanded).toBe('0000fa57');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const detail = document.getElementById(toggle.getAttribute('aria-controls') ?? '')!;
    expect(within(detail).getAllByText('blue-c')).toHaveLength(2); // subflow row + legend

    await user.keyboard(' ');
    expect(useSubflowStore.getState().expanded).toBeNull();
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.querySelector('.connection-detail')).toBeNull();
  });

  it('expands on a click anywhere in the row', async () => {
    const user = userEvent.setup();
    show([FAST, SLOW]);
    render(<ConnectionsView />);
    await user.click(screen.getByText('close-wait'));
    expect(useSubflowStore.getState().expanded).toBe('00005104');
  });

  it('shows subflow rows with their units, and a closed subflow greyed', () => {
    const key = (s: typeof RED) =>
      `0000fa57/${s.local.address}:${s.local.port} ${s.remote.address}:${s.remote.port}`;
    const onlyBlue = { ...FAST, subflows: [{ ...BLUE, backup: true }] };
    show([onlyBlue], {
      expanded: '0000fa57',
      subflowSeries: {
        [key(RED)]: { time: [T0 - 2000, T0 - 1000], tx: [5e6, 5e6], rx: [0, 0] },
        [key(BLUE)]: { time: [T0 - 1000, T0], tx: [0, 2.5e6], rx: [0, 500] },
      },
      events: [
        {
          time: T0 - 3000,
          type: 'sub-established',
          source: 'kernel',
          token: '0000fa57',
          local: RED.local,
          remote: RED.remote,
          interface: 'red-c',
          localId: 0,
          remoteId: 0,
        },
      ],
    });
    render(<ConnectionsView />);
    const table = document.querySelector('.subflow-table') as HTMLElement;
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const [red, blue] = rows as [HTMLElement, HTMLElement];
    expect(red.className).toContain('is-closed');
    expect(within(red).getByText('red-c')).toBeTruthy();
    expect(within(red).getByText('closed')).toBeTruthy();
    expect(within(blue).getByText('blue-c')).toBeTruthy();
    expect(within(blue).getByText('backup')).toBeTruthy();
    expect(within(blue).getByText('3.3 ms')).toBeTruthy();
    expect(within(blue).getByText('24 seg')).toBeTruthy();
    expect(within(blue).getByText('20.0 Mbit/s')).toBeTruthy();
    expect(within(blue).getByText('4.00 kbit/s')).toBeTruthy();
    expect(within(blue).getByText('1 / 0')).toBeTruthy();
    const legend = screen.getByRole('list', { name: 'Subflows in the chart' });
    expect(within(legend).getByText('red-c')).toBeTruthy();
    expect(within(legend).getByText('blue-c')).toBeTruthy();
  });

  it('shows the first 100 of many connections, and all on request', async () => {
    const user = userEvent.setup();
    const many = Array.from({ length: 230 }, (_, i) =>
      connection({
        token: i.toString(16).padStart(8, '0'),
        txRate: 1_000 + i * 100,
        rxRate: 0,
        subflows: [RED, BLUE],
      }),
    );
    show(many);
    render(<ConnectionsView />);
    expect(rowTokens()).toHaveLength(ROW_LIMIT);
    expect(screen.getByText(/Showing the first 100 of 230/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show all 230' }));
    expect(rowTokens()).toHaveLength(230);
  });

  it('says it is waiting before the first sample', () => {
    render(<ConnectionsView />);
    expect(screen.getByText(/Waiting for the first sample/)).toBeTruthy();
  });
});
