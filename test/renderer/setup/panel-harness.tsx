// Rendering the Setup panel on a fake host for the panel's tests, and queries they share.
import { act, render, screen, within } from '@testing-library/react';
import { expect } from 'vitest';
import { useSubflowStore } from '../../../renderer/src/store/store.js';
import { SetupPanel } from '../../../renderer/src/views/setup/SetupPanel.js';
import { createFakeApi } from '../support/fake-api.js';
import type { FakeApi, FakeHandlers } from '../support/fake-api.js';
import { addAddrNote, endpointMissing, limitsError, report } from './doctor-fixtures.js';

/** Lets pending promises and the React updates they cause run. */
export const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

/** A promise the test resolves when it wants (a request left pending). */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Renders the panel with a fake host answering from `handlers`, after its first check. */
export async function open(handlers: FakeHandlers, onClose?: () => void): Promise<FakeApi> {
  const api = createFakeApi(handlers);
  useSubflowStore.setState({ api });
  render(<SetupPanel {...(onClose ? { onClose } : {})} />);
  await settle();
  return api;
}

/** Whether `text` was put in one of the panel's live regions (screen readers hear it). */
export const announced = (text: string): boolean =>
  screen.getAllByRole('status').some((el) => el.textContent === text);

/** The visible element with `text` (outcomes are also in a hidden live region). */
export function shown(text: string): HTMLElement {
  const visible = screen
    .getAllByText(text)
    .filter((el) => !el.classList.contains('visually-hidden'));
  expect(visible).toHaveLength(1);
  return visible[0]!;
}

/** A severity group by its heading. */
export const group = (name: RegExp) => screen.getByRole('region', { name });

/** The finding (list item) showing `text`. */
export const item = (scope: HTMLElement, text: string) =>
  within(scope).getByText(text).closest('li')!;

/** The lab client with its limits at 0 and no endpoints: 1 error, 2 warnings, 1 note. */
export const broken = report([
  limitsError,
  endpointMissing('red-c'),
  endpointMissing('blue-c'),
  addAddrNote,
]);
