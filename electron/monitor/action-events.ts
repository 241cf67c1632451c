// PmEvents for what people do through Subflow ('action', source 'user') and for endpoint changes
// nobody in Subflow made ('external-change', source 'inferred'). Pure: data in, events out.
import type {
  ActionDetails,
  ActionOrigin,
  EndpointChange,
  Endpoint,
  PmEvent,
} from '../contract.js';
import { describeEndpointChange } from './endpoint-diff.js';

const ORIGIN_WORDS: Readonly<Record<ActionOrigin, string>> = {
  dashboard: 'from the dashboard',
  api: 'through the API',
  desktop: 'from the desktop app',
  cli: 'from the subflow command',
  remembered: 'by Subflow, re-applying the remembered choice',
};

/** "blue-c: on → backup (from the dashboard): done" / "…: refused: why". */
export function actionMessage(action: ActionDetails): string {
  const outcome =
    action.result === 'done' ? 'done' : `refused: ${action.reason ?? 'no reason was given'}`;
  const trigger = action.trigger !== undefined ? ` because ${action.trigger}` : '';
  return `${action.change} (${ORIGIN_WORDS[action.origin]}${trigger}): ${outcome}`;
}

export function actionEvent(time: number, action: ActionDetails, iface?: string): PmEvent {
  return {
    time,
    type: 'action',
    source: 'user',
    ...(iface !== undefined ? { interface: iface } : {}),
    message: actionMessage(action),
    action,
  };
}

/** One event per changed endpoint, named by its interface where the snapshot knows it. */
export function externalChangeEvents(
  time: number,
  changes: readonly EndpointChange[],
  endpoints: readonly Endpoint[],
  previous: readonly Endpoint[],
  who: string,
): PmEvent[] {
  return changes.map((endpoint) => {
    const iface =
      endpoints.find((e) => e.id === endpoint.id)?.interface ??
      previous.find((e) => e.id === endpoint.id)?.interface ??
      null;
    return {
      time,
      type: 'external-change',
      source: 'inferred',
      ...(iface !== null ? { interface: iface } : {}),
      message: `${describeEndpointChange(endpoint)}${iface !== null ? ` on ${iface}` : ''}: ${who}`,
      endpoint,
    };
  });
}
