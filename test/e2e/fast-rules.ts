/**
 * The repo's alert rules with every `for:` shortened, so alerts fire within seconds while the
 * expressions stay exactly those Prometheus users run.
 */
import { parse, stringify } from 'yaml';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** Milliseconds of a Prometheus duration such as `5m` or `1h30m`. */
export function durationMs(text: string): number {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new Error(`not a Prometheus duration: ${JSON.stringify(text)}`);
  }
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit!]!, 0);
}

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
}

interface RuleFile {
  groups: Array<{ name: string; rules: Rule[] }>;
}

/** The rule file's YAML with every `for:` longer than `maxFor` set to `maxFor`. */
export function shortenFor(yamlText: string, maxFor: string): string {
  const limit = durationMs(maxFor);
  const file = parse(yamlText) as RuleFile;
  for (const group of file.groups) {
    for (const rule of group.rules) {
      if (rule.for !== undefined && durationMs(rule.for) > limit) rule.for = maxFor;
    }
  }
  return stringify(file);
}

/** The alert rule whose expression tests `metricName == 0`, by name. */
export function alertOnZero(yamlText: string, metricName: string): string {
  const file = parse(yamlText) as RuleFile;
  const matches = file.groups
    .flatMap((g) => g.rules)
    .filter((r) => r.alert !== undefined && r.expr.includes(metricName) && /==\s*0\s*$/.test(r.expr.trim()));
  if (matches.length !== 1) {
    throw new Error(
      `expected one alert on ${metricName} == 0, found ${matches.map((r) => r.alert).join(', ')}`,
    );
  }
  return matches[0]!.alert!;
}
