// A small reader of the Prometheus text exposition for the metrics tests: samples with their
// labels and values, and the TYPE of each metric family. Strict: a line it cannot read throws.

/** One sample line. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A parsed exposition. */
export interface Exposition {
  readonly samples: readonly Sample[];
  /** Family name → counter | gauge | histogram | … */
  readonly types: ReadonlyMap<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/;
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/;

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const n = Number(text);
  if (Number.isNaN(n)) throw new Error(`not a sample value: ${text}`);
  return n;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest !== '') {
    const m = LABEL.exec(rest);
    if (!m) throw new Error(`bad labels: {${text}}`);
    const [whole, name = '', raw = ''] = m;
    labels[name] = raw.replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(whole.length);
  }
  return labels;
}

/** Parses an exposition in the Prometheus text format 0.0.4. */
export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ')) continue;
    if (line.startsWith('# TYPE ')) {
      const [name = '', type = ''] = line.slice(7).split(' ');
      types.set(name, type);
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    samples.push({
      name: m[1] ?? '',
      labels: parseLabels(m[3] ?? ''),
      value: parseValue(m[4] ?? ''),
    });
  }
  return { samples, types };
}

/** The value of the one sample named `name` whose labels include `labels`; throws otherwise. */
export function valueOf(
  exposition: Exposition,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  const hits = find(exposition, name, labels);
  if (hits.length !== 1) {
    throw new Error(`${hits.length} samples of ${name}${JSON.stringify(labels)}`);
  }
  return hits[0]?.value ?? NaN;
}

/** Samples named `name` whose labels include `labels`. */
export function find(
  exposition: Exposition,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): Sample[] {
  return exposition.samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}
