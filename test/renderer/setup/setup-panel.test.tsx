// The Setup panel against a fake host: findings by severity, the clean report, fixes that
// cannot be applied here, host errors as sentences, copying commands, and waiting for a host.
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DoctorReport } from '../../../electron/contract.js';
import { resetSubflowStore, useSubflowStore } from '../../../renderer/src/store/store.js';
import { SetupPanel } from '../../../renderer/src/views/setup/SetupPanel.js';
import { createFakeApi, ok } from '../support/fake-api.js';
import {
  addAddrNote,
  endpointMissing,
  limitsError,
  nmNote,
  report,
  sourceRouting,
} from './doctor-fixtures.js';
import { broken, group, item, open, settle } from './panel-harness.js';

/** Gives the page a clipboard (or takes it away: plain http, denied permission). */
function setClipboard(clipboard: Pick<Clipboard, 'writeText'> | undefined): void {
  Object.defineProperty(navigator, 'clipboard', { value: clipboard, configurable: true });
}

beforeEach(() => {
  localStorage.clear();
  resetSubflowStore();
});

afterEach(() => {
  Reflect.deleteProperty(navigator, 'clipboard');
});

describe('<SetupPanel />', () => {
  it('runs the checks when opened and lists findings by severity with their fixes', async () => {
    const api = await open({ 'doctor:run': () => ok(broken) });
    expect(api.calls.map((c) => c.name)).toEqual(['doctor:run']);
    expect(screen.getByRole('dialog', { name: 'Setup' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Setup' })).toBeTruthy();

    const headings = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(headings).toEqual(['Errors (1)', 'Warnings (2)', 'Notes (1)']);
    expect(within(group(/Errors/)).getByText(limitsError.summary)).toBeTruthy();
    expect(within(group(/Notes/)).getByText(addAddrNote.summary)).toBeTruthy();

    const warnings = group(/Warnings/);
    const blue = item(warnings, endpointMissing('blue-c').summary);
    expect(within(blue).getByText('blue-c')).toBeTruthy();
    expect(
      within(blue).getByText('Adds an endpoint for 203.0.113.1 on blue-c with the subflow flag.'),
    ).toBeTruthy();
    expect(
      within(blue).getByText('ip -n lab-cli mptcp endpoint add 203.0.113.1 dev blue-c subflow')
        .tagName,
    ).toBe('CODE');
    expect(
      within(blue).getByRole('button', { name: 'Apply fix for endpoint-missing:blue-c' }),
    ).toBeTruthy();
    expect(
      within(blue).getByRole('button', { name: 'Copy commands for endpoint-missing:blue-c' }),
    ).toBeTruthy();

    expect(screen.getByText('14 checks ran: 1 error, 2 warnings, 1 note.')).toBeTruthy();
    expect(
      screen.getByText(/^Looked at: state readable, MPTCP in the kernel, net\.mptcp\.enabled, /),
    ).toBeTruthy();
    expect(screen.getByText(/MPTCP setup of namespace lab-cli: fixes can be applied/)).toBeTruthy();
  });

  it('says what was looked at when the report is clean', async () => {
    await open({ 'doctor:run': () => ok(report([])) });
    expect(
      screen.getByText(
        '14 checks passed: state readable, MPTCP in the kernel, net.mptcp.enabled, path manager, ' +
          'other endpoint managers, subflows limit, add_addr_accepted, missing endpoints, ' +
          'stale endpoints, endpoint flags, signal endpoints, source routing, rp_filter, ' +
          'single-subflow connections.',
      ),
    ).toBeTruthy();
    expect(screen.queryAllByRole('heading', { level: 3 })).toEqual([]);
    expect(screen.queryByRole('button', { name: /^Apply/ })).toBeNull();
  });

  it('shows why a fix cannot be applied here, with its commands and no Apply button', async () => {
    await open({
      'doctor:run': () => ok(report([endpointMissing('blue-c', false), nmNote], false)),
    });
    const blue = item(document.body, endpointMissing('blue-c').summary);
    expect(within(blue).queryByRole('button', { name: /^Apply/ })).toBeNull();
    expect(within(blue).getByText(/ip -n lab-cli mptcp endpoint add 203\.0\.113\.1/)).toBeTruthy();
    expect(
      within(blue).getByText(
        "Not applied by Subflow here: applying it needs CAP_NET_ADMIN, which this process lacks: run the commands as root, or 'subflow doctor --netns lab-cli --apply endpoint-missing:blue-c' as root.",
      ),
    ).toBeTruthy();
    expect(screen.getByText(/without CAP_NET_ADMIN, fixes are shown as commands/)).toBeTruthy();
    // A finding without a fix is just its summary.
    const nm = item(document.body, nmNote.summary);
    expect(within(nm).queryByRole('button')).toBeNull();
  });

  it('shows host errors as a sentence, and keeps the last report', async () => {
    let fail = false;
    await open({
      'doctor:run': () =>
        fail
          ? {
              ok: false,
              error: { code: 'kernel', message: 'the namespace lab-cli is gone: pick another' },
            }
          : ok(broken),
    });
    fail = true;
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toBe(
      'The namespace lab-cli is gone: pick another.',
    );
    expect(screen.getByText(limitsError.summary)).toBeTruthy();
  });

  it('copies the commands, or selects them when there is no clipboard', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    setClipboard({ writeText });
    await open({ 'doctor:run': () => ok(report([sourceRouting])) });
    const copy = screen.getByRole('button', {
      name: 'Copy commands for source-routing:203.0.113.1',
    });
    fireEvent.click(copy);
    await settle();
    expect(writeText).toHaveBeenCalledWith(
      'ip -n lab-cli route add 203.0.113.0/24 dev blue-c table 100\n' +
        'ip -n lab-cli rule add from 203.0.113.1 table 100',
    );
    expect(copy.textContent).toBe('Copied');

    setClipboard(undefined);
    fireEvent.click(copy);
    expect(window.getSelection()?.toString()).toContain('ip -n lab-cli rule add from 203.0.113.1');
    expect(screen.getByText('Selected: press Ctrl+C to copy.')).toBeTruthy();
  });

  it('waits for the connection, then checks as soon as there is one', async () => {
    render(<SetupPanel />);
    expect(screen.getByText('Waiting for the connection to Subflow…')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Close setup' })).toBeNull();
    const api = createFakeApi({ 'doctor:run': () => ok(report([])) });
    act(() => {
      useSubflowStore.setState({ api });
    });
    await settle();
    expect(api.calls.map((c) => c.name)).toEqual(['doctor:run']);
    expect(screen.getByText(/^14 checks passed/)).toBeTruthy();
  });
});

describe('a report newer than the one on screen', () => {
  it('replaces the list on Check again', async () => {
    let current: DoctorReport = broken;
    await open({ 'doctor:run': () => ok(current) });
    current = report([]);
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await settle();
    expect(screen.queryByText(limitsError.summary)).toBeNull();
    expect(screen.getByText(/^14 checks passed/)).toBeTruthy();
  });
});
