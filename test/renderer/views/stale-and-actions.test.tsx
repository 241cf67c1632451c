// A gone namespace on screen: the STALE badge instead of LIVE and a banner with the reason; and
// a person's action and an external change in the events timeline as readable notices.
import { render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PmEvent } from '../../../electron/contract.js';
import { resetSubflowStore, useSubflowStore } from '../../../renderer/src/store/store.js';
import { EventRow } from '../../../renderer/src/views/events/EventRow.js';
import { SourceIndicator } from '../../../renderer/src/views/header/Header.js';
import { StatusBanners } from '../../../renderer/src/views/states/Banners.js';
import { snapshot, T0 } from '../support/fixtures.js';

beforeEach(() => {
  resetSubflowStore();
  useSubflowStore.setState({ status: { kind: 'open' } });
});

const REASON =
  'network namespace sf-cli was deleted (/run/netns/sf-cli is gone): nothing was changed';

describe('a stale snapshot', () => {
  it('shows STALE, not LIVE, and a banner saying why', () => {
    useSubflowStore.setState({
      snapshot: { ...snapshot(T0), stale: { since: T0, reason: REASON } },
    });
    render(
      <>
        <SourceIndicator />
        <StatusBanners />
      </>,
    );
    expect(screen.queryByText('LIVE')).toBeNull();
    expect(screen.getByText('STALE').getAttribute('title')).toBe(REASON);
    const banner = screen.getByRole('alert');
    expect(banner.textContent).toMatch(/Not live: these are the last figures read/);
    expect(banner.textContent).toContain(REASON);
  });

  it('shows LIVE while it is not stale', () => {
    useSubflowStore.setState({ snapshot: snapshot(T0) });
    render(<SourceIndicator />);
    expect(screen.getByText('LIVE')).toBeTruthy();
  });
});

describe('action and external-change events', () => {
  it('read as notices with their message', () => {
    const action: PmEvent = {
      time: T0,
      type: 'action',
      source: 'user',
      interface: 'blue-c',
      message: 'blue-c: on → backup (from the dashboard): done',
    };
    const external: PmEvent = {
      time: T0,
      type: 'external-change',
      source: 'inferred',
      message: 'endpoint id 9 192.0.2.9 added (subflow): not made by Subflow',
    };
    render(
      <ul>
        <EventRow event={action} onToken={() => undefined} />
        <EventRow event={external} onToken={() => undefined} />
      </ul>,
    );
    expect(screen.getByText('your change')).toBeTruthy();
    expect(screen.getByText('blue-c: on → backup (from the dashboard): done')).toBeTruthy();
    expect(screen.getByText(/changed outside Subflow/)).toBeTruthy();
    expect(screen.getByText(/endpoint id 9 192\.0\.2\.9 added/)).toBeTruthy();
    expect(screen.getByTitle(/none of the changes Subflow made/).textContent).toBe('inferred');
  });
});
