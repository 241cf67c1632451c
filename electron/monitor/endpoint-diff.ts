// What changed between two endpoint lists, endpoint by endpoint (keyed by the kernel's endpoint
// id, which is unique per namespace). Pure: used to find changes nobody in Subflow made.
import type { EndpointChange, EndpointFlag } from '../contract.js';

/** The parts of an endpoint that a change can touch (the interface name is derived, not kept). */
export interface EndpointShape {
  readonly id: number;
  readonly address: string;
  readonly port?: number;
  readonly flags: readonly EndpointFlag[];
}

const flagsKey = (flags: readonly EndpointFlag[]): string => [...flags].sort().join(',');
const sameEndpoint = (a: EndpointShape, b: EndpointShape): boolean =>
  a.address === b.address && (a.port ?? 0) === (b.port ?? 0);

const change = (
  ep: EndpointShape,
  before: readonly EndpointFlag[] | null,
  after: readonly EndpointFlag[] | null,
): EndpointChange => ({
  id: ep.id,
  address: ep.address,
  ...(ep.port !== undefined && ep.port !== 0 ? { port: ep.port } : {}),
  before,
  after,
});

/** Endpoints added, removed or with other flags in `after` than in `before`, by id. */
export function endpointDiff(
  before: readonly EndpointShape[],
  after: readonly EndpointShape[],
): EndpointChange[] {
  const was = new Map(before.map((ep) => [ep.id, ep]));
  const now = new Map(after.map((ep) => [ep.id, ep]));
  const out: EndpointChange[] = [];
  for (const [id, old] of was) {
    const ep = now.get(id);
    if (!ep || !sameEndpoint(old, ep)) out.push(change(old, old.flags, null));
  }
  for (const [id, ep] of now) {
    const old = was.get(id);
    if (!old || !sameEndpoint(old, ep)) out.push(change(ep, null, ep.flags));
    else if (flagsKey(old.flags) !== flagsKey(ep.flags)) out.push(change(ep, old.flags, ep.flags));
  }
  return out.sort((a, b) => a.id - b.id);
}

/** "endpoint id 9 192.0.2.1 added (subflow)", "… flags subflow → subflow, backup", "… removed". */
export function describeEndpointChange(c: EndpointChange): string {
  const where = `endpoint id ${c.id} ${c.address}${c.port !== undefined ? ` port ${c.port}` : ''}`;
  const flags = (f: readonly EndpointFlag[]): string => f.join(', ') || 'no flags';
  if (c.before === null) return `${where} added (${flags(c.after ?? [])})`;
  if (c.after === null) return `${where} removed (was ${flags(c.before)})`;
  return `${where} flags ${flags(c.before)} → ${flags(c.after)}`;
}
