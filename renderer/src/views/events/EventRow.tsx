// One line of the events timeline, memoised on the event object (the store keeps them, so a
// tick re-renders only new lines). Notices ('monitor', 'resync') span the row with their text.
import { memo } from 'react';
import type { PmEvent } from '../../../../electron/contract.js';
import { socketText } from '../connections/address-text.js';
import {
  clockText,
  errorText,
  eventLabel,
  EXTERNAL_EXPLANATION,
  INFERRED_EXPLANATION,
  isNotice,
} from './event-text.js';

export interface EventRowProps {
  readonly event: PmEvent;
  /** Filters the timeline to a connection (clicking its token). */
  readonly onToken: (token: string) => void;
  /** The colour of an interface (charts/interface-colors.ts): the swatch beside its name. */
  readonly colorOf?: ((name: string) => string) | undefined;
  /** The row's key in the list, for arrow-key navigation. */
  readonly eventKey?: string | undefined;
  /** Whether this row's token button is the list's one tab stop (roving tabindex). */
  readonly tabbable?: boolean | undefined;
  /**
   * Place in the whole list (1-based) and its length, when only a window of the rows is in the
   * DOM: assistive technology then says "item 40 of 500", not "of 30".
   */
  readonly position?: number | undefined;
  readonly setSize?: number | undefined;
}

function addresses(event: PmEvent): string {
  const parts: string[] = [];
  if (event.local) parts.push(socketText(event.local));
  if (event.remote) parts.push(socketText(event.remote));
  return parts.join(' → ');
}

function details(event: PmEvent): string {
  const parts: string[] = [];
  const { localId, remoteId } = event;
  if (localId !== undefined && remoteId !== undefined) parts.push(`ids ${localId} / ${remoteId}`);
  else if (localId !== undefined) parts.push(`local id ${localId}`);
  else if (remoteId !== undefined) parts.push(`remote id ${remoteId}`);
  if (event.type === 'sub-priority' && event.backup !== undefined) {
    parts.push(event.backup ? 'now backup' : 'no longer backup');
  }
  // The host's words (errno and MP_TCPRST reason explained) say more than the bare number.
  if (event.reason !== undefined) parts.push(event.reason);
  else if (event.error !== undefined && event.error !== 0) parts.push(errorText(event.error));
  return parts.join(' · ');
}

function SourceTag({ event }: { event: PmEvent }) {
  if (event.source !== 'inferred') return null;
  return (
    <abbr
      className="tag tag-inferred"
      title={event.type === 'external-change' ? EXTERNAL_EXPLANATION : INFERRED_EXPLANATION}
    >
      inferred
    </abbr>
  );
}

function EventRowImpl(props: EventRowProps) {
  const { event, onToken, colorOf, eventKey, tabbable = true, position, setSize } = props;
  const time = <span className="event-time mono">{clockText(event.time)}</span>;
  if (isNotice(event)) {
    return (
      <li
        className="event-row is-notice"
        data-source={event.source}
        data-type={event.type}
        data-event-key={eventKey}
        aria-posinset={position}
        aria-setsize={setSize}
      >
        {time}
        <span className="event-type">
          {eventLabel(event.type)} <SourceTag event={event} />
        </span>
        <span className="event-more event-message">
          {event.message ?? 'No details were given.'}
        </span>
      </li>
    );
  }
  const backupFlag = event.backup === true && event.type !== 'sub-priority';
  const detailText = details(event);
  return (
    <li
      className="event-row"
      data-source={event.source}
      data-type={event.type}
      data-event-key={eventKey}
      aria-posinset={position}
      aria-setsize={setSize}
    >
      {time}
      <span className="event-type">
        {eventLabel(event.type)} <SourceTag event={event} />
        {backupFlag && <span className="badge badge-backup">backup</span>}
      </span>
      <span className="event-more">
        <span className="event-token mono">
          {event.token !== undefined && (
            <button
              type="button"
              className="link-button"
              tabIndex={tabbable ? 0 : -1}
              aria-label={`show only events of connection ${event.token}`}
              onClick={() => {
                if (event.token !== undefined) onToken(event.token);
              }}
            >
              {event.token}
            </button>
          )}
        </span>
        <span className="event-addresses mono">{addresses(event)}</span>
        <span className="event-interface">
          {event.interface !== undefined && colorOf !== undefined && (
            <span
              className="iface-swatch"
              style={{ background: colorOf(event.interface) }}
              aria-hidden="true"
            />
          )}
          {event.interface ?? ''}
        </span>
        <span className={event.error ? 'event-details is-error' : 'event-details'}>
          {detailText}
        </span>
      </span>
    </li>
  );
}

/** A timeline line; re-renders only when its event or handler changes. */
export const EventRow = memo(EventRowImpl);
