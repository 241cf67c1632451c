// The connections filter box: every word typed must appear in a connection's addresses, ports,
// token, state, app (name, pid, user, command line) or the interface of one of its subflows
// (case-insensitive).
import type { Connection } from '../../../../electron/contract.js';
import { socketText } from './address-text.js';

/** Lower-case text a filter word may match, for one connection. */
export function searchableText(connection: Connection): string {
  const parts = [
    connection.token,
    connection.state,
    socketText(connection.local),
    socketText(connection.remote),
  ];
  const app = connection.process;
  if (app) parts.push(app.name, `pid ${app.pid}`, app.user ?? '', app.cmdline);
  for (const subflow of connection.subflows) {
    parts.push(socketText(subflow.local), socketText(subflow.remote));
    if (subflow.interface !== null) parts.push(subflow.interface);
  }
  return parts.join(' ').toLowerCase();
}

/** Whether `connection` matches every whitespace-separated word of `query`. */
export function matchesFilter(connection: Connection, query: string): boolean {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return true;
  const text = searchableText(connection);
  return words.every((word) => text.includes(word));
}

/** The connections matching `query`, in their given order. */
export function filterConnections(
  connections: readonly Connection[],
  query: string,
): readonly Connection[] {
  if (query.trim() === '') return connections;
  return connections.filter((c) => matchesFilter(c, query));
}
