/** Figures, the summary table (console and Markdown) and the JSON results file. */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname } from 'node:path';

export interface Figure {
  readonly bench: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Human-readable goal, e.g. `≥ 0.8`; absent for figures that only inform. */
  readonly goal?: string;
  readonly met?: boolean;
  /** How it was measured, when the name alone does not say. */
  readonly note?: string;
}

/** A figure checked against `goal`: `atLeast` or `atMost`. */
export function checked(
  bench: string,
  name: string,
  value: number,
  unit: string,
  bound: { atLeast: number } | { atMost: number },
  note?: string,
): Figure {
  const goal = 'atLeast' in bound ? `≥ ${bound.atLeast}` : `≤ ${bound.atMost}`;
  const met = 'atLeast' in bound ? value >= bound.atLeast : value <= bound.atMost;
  return { bench, name, value, unit, goal: `${goal}${unit ? ` ${unit}` : ''}`, met, note };
}

export function info(bench: string, name: string, value: number, unit: string, note?: string): Figure {
  return { bench, name, value, unit, note };
}

export function formatValue(figure: Figure): string {
  const v = figure.value;
  if (Number.isInteger(v)) return `${v}${figure.unit ? ` ${figure.unit}` : ''}`;
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3;
  return `${Number.isFinite(v) ? v.toFixed(digits) : String(v)}${figure.unit ? ` ${figure.unit}` : ''}`;
}

function metText(figure: Figure): string {
  if (figure.met === undefined) return '';
  return figure.met ? 'yes' : '**no**';
}

/** The table for README's Performance section. */
export function markdownTable(figures: readonly Figure[]): string {
  const rows = figures.map(
    (f) => `| ${f.bench} | ${f.name} | ${formatValue(f)} | ${f.goal ?? ''} | ${metText(f)} |`,
  );
  return ['| bench | figure | value | goal | met |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function consoleTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.bench,
    f.name,
    formatValue(f),
    f.goal ?? '',
    metText(f).replace(/\*/g, ''),
  ]);
  const header = ['bench', 'figure', 'value', 'goal', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export interface Results {
  readonly date: string;
  readonly node: string;
  readonly cores: number;
  readonly cpu: string;
  readonly seconds: number;
  readonly figures: readonly Figure[];
}

export function results(figures: readonly Figure[], seconds: number): Results {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    seconds: Math.round(seconds),
    figures,
  };
}

export async function writeResults(jsonPath: string, mdPath: string, data: Results): Promise<void> {
  await mkdir(dirname(jsonPath), { recursive: true });
  await writeFile(jsonPath, `${JSON.stringify(data, null, 2)}\n`);
  const header = `Measured ${data.date.slice(0, 10)} on ${data.cores} cores (${data.cpu}), Node ${data.node}; \`npm run bench\` took ${data.seconds} s.`;
  await writeFile(mdPath, `${header}\n\n${markdownTable(data.figures)}\n`);
}

/** Prints a figure as soon as it is measured, so a long run shows progress. */
export function announce(figure: Figure): Figure {
  const goal = figure.goal ? `  (goal ${figure.goal}: ${figure.met ? 'met' : 'MISSED'})` : '';
  console.log(`  ${figure.name}: ${formatValue(figure)}${goal}`);
  return figure;
}
