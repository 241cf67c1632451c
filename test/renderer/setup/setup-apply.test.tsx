// The Setup panel's apply flow against a fake host: confirm → 'doctor:apply' with the id →
// refreshed report, the still-present warning, Cancel and Escape, and failures as sentences.
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DoctorApplyResult, Result } from '../../../electron/contract.js';
import { resetSubflowStore, useSubflowStore } from '../../../renderer/src/store/store.js';
import { createFakeApi, ok } from '../support/fake-api.js';
import { addAddrNote, endpointMissing, limitsError, report } from './doctor-fixtures.js';
import { announced, broken, deferred, item, open, settle, shown } from './panel-harness.js';

beforeEach(() => {
  localStorage.clear();
  resetSubflowStore();
});

describe('<SetupPanel /> applying a fix', () => {
  it('applies a fix only after the confirm step, then shows the refreshed report', async () => {
    const after = report([limitsError, endpointMissing('red-c'), addAddrNote]);
    const answer = deferred<Result<DoctorApplyResult>>();
    const api = await open({
      'doctor:run': () => ok(broken),
      'doctor:apply': () => answer.promise,
    });

    fireEvent.click(screen.getByRole('button', { name: 'Apply fix for endpoint-missing:blue-c' }));
    const confirmBox = screen.getByRole('group', { name: 'Apply this change? It runs:' });
    expect(
      within(confirmBox).getByText(
        'ip -n lab-cli mptcp endpoint add 203.0.113.1 dev blue-c subflow',
      ),
    ).toBeTruthy();
    expect(document.activeElement).toBe(confirmBox);
    expect(api.calls.filter((c) => c.name === 'doctor:apply')).toEqual([]);

    fireEvent.click(
      within(confirmBox).getByRole('button', {
        name: 'Apply now: fix for endpoint-missing:blue-c',
      }),
    );
    await settle();
    expect(api.calls.at(-1)).toEqual({
      name: 'doctor:apply',
      args: { id: 'endpoint-missing:blue-c' },
    });
    // Pending: the finding says so and nothing else may start.
    const button = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name });
    const pending = button('Apply fix for endpoint-missing:blue-c');
    expect(pending.textContent).toBe('Applying…');
    expect(pending.disabled).toBe(true);
    expect(button('Apply fix for endpoint-missing:red-c').disabled).toBe(true);
    expect(button('Check again').disabled).toBe(true);

    answer.resolve(ok({ applied: endpointMissing('blue-c'), report: after, stillPresent: false }));
    await settle();
    const done = shown('endpoint-missing:blue-c fixed — checked again.');
    expect(announced('endpoint-missing:blue-c fixed — checked again.')).toBe(true);
    expect(document.activeElement).toBe(done);
    expect(screen.queryByText(endpointMissing('blue-c').summary)).toBeNull();
    expect(screen.getByText(endpointMissing('red-c').summary)).toBeTruthy();
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      'Errors (1)',
      'Warnings (1)',
      'Notes (1)',
    ]);
  });

  it('warns when the fix ran but the problem is still there', async () => {
    const still = { ...endpointMissing('blue-c'), summary: 'blue-c still has no endpoint.' };
    await open({
      'doctor:run': () => ok(broken),
      'doctor:apply': () =>
        ok({ applied: endpointMissing('blue-c'), report: report([still]), stillPresent: true }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply fix for endpoint-missing:blue-c' }));
    fireEvent.click(
      screen.getByRole('button', { name: 'Apply now: fix for endpoint-missing:blue-c' }),
    );
    await settle();
    // Inside the finding's card (which shows the re-checked summary), and announced in full.
    const warning = shown(
      'The fix ran but the problem is still there: checked again, it is reported as above.',
    );
    expect(warning.closest('li')).toBe(item(document.body, 'blue-c still has no endpoint.'));
    expect(warning.className).toContain('outcome-warning');
    expect(document.activeElement).toBe(warning);
    expect(
      announced(
        'The fix for endpoint-missing:blue-c ran but the problem is still there: blue-c still has no endpoint.',
      ),
    ).toBe(true);
  });

  it('Cancel (or Escape) leaves the kernel alone and gives focus back to Apply', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const api = await open({ 'doctor:run': () => ok(broken) }, onClose);
    const applyButton = screen.getByRole('button', {
      name: 'Apply fix for endpoint-missing:red-c',
    });

    await user.click(applyButton);
    await user.click(screen.getByRole('button', { name: 'Cancel fix for endpoint-missing:red-c' }));
    expect(screen.queryByRole('group', { name: /Apply this change/ })).toBeNull();
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'Apply fix for endpoint-missing:red-c' }),
    );

    await user.keyboard('{Enter}');
    expect(screen.getByRole('group', { name: /Apply this change/ })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group', { name: /Apply this change/ })).toBeNull();
    expect(onClose).not.toHaveBeenCalled();
    expect(api.calls.some((c) => c.name === 'doctor:apply')).toBe(false);

    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('turns a thrown invoke and a failed apply into sentences and re-checks after the failure', async () => {
    const runs = vi.fn(() => ok(broken));
    await open({
      'doctor:run': runs,
      'doctor:apply': () => ({
        ok: false,
        error: { code: 'permission', message: 'Operation not permitted: run Subflow as root' },
      }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply fix for limits-subflows:limits' }));
    fireEvent.click(
      screen.getByRole('button', { name: 'Apply now: fix for limits-subflows:limits' }),
    );
    await settle();
    const failure = shown(
      'Applying this fix failed: Operation not permitted: run Subflow as root.',
    );
    expect(failure.closest('li')).toBe(item(document.body, limitsError.summary));
    expect(failure.className).toContain('outcome-error');
    expect(
      announced(
        'Applying the fix for limits-subflows:limits failed: Operation not permitted: run Subflow as root.',
      ),
    ).toBe(true);
    expect(runs).toHaveBeenCalledTimes(2);

    resetSubflowStore();
    const api = createFakeApi();
    api.invoke = () => Promise.reject(new Error('socket closed'));
    useSubflowStore.setState({ api });
    await settle();
    expect(screen.getByRole('alert').textContent).toBe(
      'doctor:run failed (socket closed); reload the page and retry.',
    );
  });
});
