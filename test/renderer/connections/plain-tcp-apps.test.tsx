import { act, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PlainTcpApp } from '../../../electron/contract.js';
import { useSubflowStore } from '../../../renderer/src/store/store.js';
import {
  mptcpCommands,
  PlainTcpApps,
} from '../../../renderer/src/views/connections/PlainTcpApps.js';
import { fakeApi, snapshot } from './fixtures.js';

const initial = useSubflowStore.getState();
const app = (pid: number, name: string, rate: number): PlainTcpApp => ({
  pid,
  name,
  cmdline: `/usr/bin/${name} --flag`,
  user: 'ann',
  connections: 2,
  bytesSent: 1024,
  bytesReceived: 1024,
  txRate: rate,
  rxRate: 0,
});

beforeEach(() => {
  useSubflowStore.setState(
    { ...initial, api: fakeApi(), settings: { ...initial.settings, units: 'bits' } },
    true,
  );
});

describe('Apps using plain TCP', () => {
  it('lists the apps in the order given (busiest first) with how to run each with MPTCP', () => {
    act(() => {
      useSubflowStore.setState({
        snapshot: { ...snapshot([]), plainTcpApps: [app(7, 'iperf3', 125_000), app(3, 'curl', 0)] },
      });
    });
    render(<PlainTcpApps />);
    expect(screen.getByRole('heading', { name: /Apps using plain TCP/ }).textContent).toContain(
      '(2)',
    );
    const rows = document.querySelectorAll<HTMLElement>('tr[data-pid]');
    expect([...rows].map((r) => r.dataset.pid)).toEqual(['7', '3']);
    expect(within(rows[0]!).getByText('1.00 Mbit/s')).toBeTruthy();
    expect(within(rows[0]!).getByText('mptcpize run /usr/bin/iperf3 --flag')).toBeTruthy();
    expect(within(rows[0]!).getByText('subflow run -- /usr/bin/iperf3 --flag')).toBeTruthy();
  });

  it('says when there is none, and shows nothing when the host does not report them', () => {
    act(() => {
      useSubflowStore.setState({ snapshot: { ...snapshot([]), plainTcpApps: [] } });
    });
    const { unmount } = render(<PlainTcpApps />);
    expect(screen.getByText(/No app has an established plain TCP connection/)).toBeTruthy();
    unmount();
    act(() => {
      useSubflowStore.setState({ snapshot: snapshot([]) });
    });
    const { container } = render(<PlainTcpApps />);
    expect(container.textContent).toBe('');
  });

  it('falls back to the name when the command line is empty', () => {
    expect(mptcpCommands({ name: 'kthread', cmdline: '' })[0]).toBe('mptcpize run kthread');
  });
});
