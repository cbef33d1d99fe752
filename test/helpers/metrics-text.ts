/**
 * A deliberately small parser of the Prometheus text exposition format (and the sample lines of
 * OpenMetrics), independent of the exporter's own renderer so that tests do not share its bugs.
 */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Thrown for a line the parser cannot read; it names the line so the failure is findable. */
export class MetricsTextError extends Error {
  constructor(lineNumber: number, line: string, problem: string) {
    super(`metrics text line ${lineNumber}: ${problem}: ${line}`);
    this.name = 'MetricsTextError';
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** Like Go's ParseFloat, which Prometheus uses: `NaN`/`Inf` in any letter case (prom-client writes `Nan`). */
function parseValue(raw: string): number | undefined {
  const lower = raw.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  if (lower === 'nan') return Number.NaN;
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  return Number.isNaN(value) ? undefined : value;
}

/** Reads `{a="x",b="y"}` starting at `text[0] === '{'`; returns the labels and the rest. */
function parseLabels(text: string, fail: (problem: string) => never): [Record<string, string>, string] {
  const labels: Record<string, string> = {};
  let rest = text.slice(1);
  for (;;) {
    rest = rest.replace(/^[\s,]+/, '');
    if (rest.startsWith('}')) return [labels, rest.slice(1)];
    const name = LABEL_NAME.exec(rest)?.[0];
    if (!name) fail('bad label name');
    rest = rest.slice(name.length).trimStart();
    if (!rest.startsWith('="')) fail(`label ${name} without ="`);
    rest = rest.slice(2);
    let value = '';
    for (;;) {
      const ch = rest[0];
      if (ch === undefined) fail(`unterminated value of label ${name}`);
      rest = rest.slice(1);
      if (ch === '"') break;
      if (ch === '\\') {
        const escaped = rest[0];
        rest = rest.slice(1);
        value += escaped === 'n' ? '\n' : (escaped ?? '');
      } else value += ch;
    }
    if (Object.hasOwn(labels, name)) fail(`label ${name} twice`);
    labels[name] = value;
  }
}

/** Every sample line of `text`; comments (`# HELP`, `# TYPE`, `# EOF`) and blank lines are skipped. */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  text.split('\n').forEach((line, i) => {
    const fail = (problem: string): never => {
      throw new MetricsTextError(i + 1, line, problem);
    };
    if (line.trim() === '' || line.startsWith('#')) return;
    const name = NAME.exec(line)?.[0];
    if (!name) fail('no metric name');
    let rest = line.slice(name!.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) [labels, rest] = parseLabels(rest, fail);
    // A value, then an optional timestamp (and in OpenMetrics an optional exemplar after `#`).
    const fields = rest.split('#')[0]!.trim().split(/\s+/);
    const value = parseValue(fields[0] ?? '');
    if (value === undefined) fail('bad value');
    samples.push({ name: name!, labels, value: value! });
  });
  return samples;
}

/** Samples named `name` whose labels include every pair of `match`. */
export function select(
  samples: readonly Sample[],
  name: string,
  match: Readonly<Record<string, string>> = {},
): Sample[] {
  return samples.filter(
    (s) => s.name === name && Object.entries(match).every(([key, value]) => s.labels[key] === value),
  );
}

/** The value of the one sample that matches; throws if there is none or several. */
export function sampleValue(
  samples: readonly Sample[],
  name: string,
  match: Readonly<Record<string, string>> = {},
): number {
  const found = select(samples, name, match);
  if (found.length !== 1) {
    throw new Error(`expected one ${name}${JSON.stringify(match)}, found ${found.length}`);
  }
  return found[0]!.value;
}

/** A stable identity of a series, for comparing sets of series. */
export function seriesKey(sample: Pick<Sample, 'name' | 'labels'>): string {
  const labels = Object.entries(sample.labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',');
  return `${sample.name}{${labels}}`;
}
