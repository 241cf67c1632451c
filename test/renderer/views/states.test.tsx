import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetSubflowStore, useSubflowStore } from '../../../renderer/src/store/store.js';
import { EmptyConnections } from '../../../renderer/src/views/states/EmptyConnections.js';
import { StatusBanners } from '../../../renderer/src/views/states/Banners.js';
import { connectionText } from '../../../renderer/src/views/states/status-text.js';
import { snapshot, T0 } from '../support/fixtures.js';

beforeEach(() => {
  resetSubflowStore();
  useSubflowStore.setState({ status: { kind: 'open' } });
});

describe('<EmptyConnections />', () => {
  it('teaches how to start an MPTCP connection, and the lab', () => {
    render(<EmptyConnections />);
    expect(screen.getByText('No MPTCP connections right now.')).toBeTruthy();
    expect(screen.getByText('mptcpize run iperf3 -c HOST')).toBeTruthy();
    expect(screen.getByText('sudo subflow lab up')).toBeTruthy();
    expect(screen.getByText('sudo subflow lab traffic')).toBeTruthy();
  });
});

describe('connection banner', () => {
  it('counts down to the next attempt', () => {
    const status = { kind: 'reconnecting', attempt: 2, retryAt: T0 + 2400, reason: 'x' } as const;
    expect(connectionText(status, T0)).toBe(
      'Connection to subflow serve lost — reconnecting in 3 s (attempt 2)',
    );
    expect(connectionText(status, T0 + 2500)).toMatch(/reconnecting now \(attempt 2\)/);
    expect(connectionText({ kind: 'open' }, T0)).toBeNull();
    expect(connectionText(status, T0, false)).toBe(
      'Cannot reach subflow serve — retrying in 3 s (attempt 2)',
    );
  });

  it('shows the lost link and why', () => {
    useSubflowStore.setState({
      snapshot: snapshot(T0),
      status: {
        kind: 'reconnecting',
        attempt: 2,
        retryAt: Date.now() + 3000,
        reason: 'the connection dropped (server stopped or network down)',
      },
    });
    render(<StatusBanners />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(
      /Connection to subflow serve lost — reconnecting in 3 s \(attempt 2\)/,
    );
    expect(alert.textContent).toMatch(/server stopped or network down/);
  });

  it('says what to do when the server refuses the page', () => {
    useSubflowStore.setState({
      status: { kind: 'failed', reason: 'open the URL it printed again.' },
    });
    render(<StatusBanners />);
    expect(screen.getByRole('alert').textContent).toBe('open the URL it printed again.');
  });
});

describe('MPTCP and privilege banners', () => {
  it('gives the sysctl when MPTCP is disabled', () => {
    useSubflowStore.setState({
      snapshot: snapshot(T0, {
        kernel: { release: '6.18', mptcp: 'upstream', enabled: false },
      }),
    });
    render(<StatusBanners />);
    expect(screen.getByText(/MPTCP is disabled on this host/)).toBeTruthy();
    expect(screen.getByText('sudo sysctl -w net.mptcp.enabled=1')).toBeTruthy();
  });

  it('says nothing when all is well', () => {
    useSubflowStore.setState({ snapshot: snapshot(T0) });
    const { container } = render(<StatusBanners />);
    expect(container.querySelectorAll('.banner')).toHaveLength(0);
  });

  it('says what still works unprivileged, how to get the rest, and can be dismissed', () => {
    useSubflowStore.setState({ snapshot: snapshot(T0, { privileged: false }) });
    render(<StatusBanners />);
    const note = screen.getByText(/Running without CAP_NET_ADMIN/);
    expect(note.textContent).toMatch(/connections, subflows, interfaces and rates are live/);
    expect(note.textContent).toMatch(/inferred/);
    expect(screen.getByText('sudo subflow serve --netns subflow-cli')).toBeTruthy();
    expect(screen.getByText(/setcap cap_net_admin\+ep/)).toBeTruthy();
    expect(screen.queryByText(/npx/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss the privileges note' }));
    expect(screen.queryByText(/Running without CAP_NET_ADMIN/)).toBeNull();
  });

  it('spells the privileged serve of the watched namespace as the host runs Subflow', () => {
    useSubflowStore.setState({
      snapshot: {
        ...snapshot(T0, { privileged: false }),
        netns: 'lab-cli',
        command: 'npx subflow',
      },
    });
    render(<StatusBanners />);
    expect(screen.getByText('sudo npx subflow serve --netns lab-cli')).toBeTruthy();
  });

  it('shows the last failed action until dismissed', () => {
    useSubflowStore.setState({
      notice: 'record:start failed: the disk is full; free space and retry.',
    });
    render(<StatusBanners />);
    expect(screen.getByRole('alert').textContent).toMatch(/disk is full/);
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    });
    expect(useSubflowStore.getState().notice).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('<EmptyConnections /> hints', () => {
  it('spells commands as the host runs Subflow, and offers no lab up while watching the lab', () => {
    useSubflowStore.setState({
      snapshot: { ...snapshot(T0), netns: 'subflow-cli', command: 'npx subflow', connections: [] },
    });
    render(<EmptyConnections />);
    expect(screen.getByText('sudo npx subflow lab traffic')).toBeTruthy();
    expect(screen.queryByText(/lab up/)).toBeNull();
    expect(screen.queryByText(/serve --netns/)).toBeNull();
  });

  it('names the prefix of another lab, and suggests the lab on the host itself', () => {
    useSubflowStore.setState({ snapshot: { ...snapshot(T0), netns: 'demo-cli', connections: [] } });
    const { unmount } = render(<EmptyConnections />);
    expect(screen.getByText('sudo subflow lab traffic --prefix demo')).toBeTruthy();
    unmount();
    useSubflowStore.setState({
      snapshot: { ...snapshot(T0), netns: null, command: 'npx subflow' },
    });
    render(<EmptyConnections />);
    expect(screen.getByText('sudo npx subflow lab up')).toBeTruthy();
    expect(screen.getByText('sudo npx subflow serve --netns subflow-cli')).toBeTruthy();
  });
});
