/**
 * Every PromQL query of a Grafana dashboard (panel targets and query variables), made runnable
 * against the Prometheus HTTP API the way Grafana would send them with "All" selected.
 */

export interface DashboardQuery {
  /** Panel title, or `variable <name>`. */
  readonly source: string;
  /** As written in the dashboard. */
  readonly original: string;
  /** With Grafana's built-in and dashboard variables substituted. */
  readonly promql: string;
}

/** Grafana's built-in interval variables, at values a dashboard opened on "last 5 minutes" gets. */
const BUILTINS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\$\{?__rate_interval\}?/g, '1m'],
  [/\$\{?__interval\}?/g, '15s'],
  [/\$\{?__range\}?/g, '5m'],
];

/**
 * A dashboard variable in any of Grafana's spellings (`$x`, `${x}`, `${x:fmt}`, `[[x]]`). Only
 * the dashboard's own names: `$1` in a label_replace is not a variable.
 */
function variablePattern(names: readonly string[]): RegExp {
  const alternatives = names.map((n) => n.replace(/[^\w]/g, '')).join('|');
  return new RegExp(
    `\\$\\{(?:${alternatives})(?::\\w+)?\\}|\\$(?:${alternatives})\\b|\\[\\[(?:${alternatives})\\]\\]`,
    'g',
  );
}

export class DashboardVariableMisuseError extends Error {
  constructor(
    readonly source: string,
    readonly expr: string,
  ) {
    super(`${source}: a dashboard variable is used outside a =~ matcher, so "All" cannot be .*: ${expr}`);
    this.name = 'DashboardVariableMisuseError';
  }
}

/** The query with built-ins at fixed values and every dashboard variable as `.*`. */
export function substitute(source: string, expr: string, variables: readonly string[]): string {
  let out = expr;
  for (const [pattern, value] of BUILTINS) out = out.replace(pattern, value);
  if (variables.length === 0) return out;
  const variable = variablePattern(variables);
  // `.*` is only what "All" means inside a regex matcher.
  const outsideRegexMatcher = out.replace(/=~\s*"[^"]*"/g, '');
  if (variablePattern(variables).test(outsideRegexMatcher))
    throw new DashboardVariableMisuseError(source, expr);
  return out.replace(variable, '.*');
}

/** `label_values(metric{...}, label)` lists the label's values of that series set: query the series. */
export function variableToPromql(query: string): string {
  const trimmed = query.trim();
  const labelValues = /^label_values\((.*),\s*(\w+)\s*\)$/s.exec(trimmed);
  if (labelValues) return labelValues[1]!;
  const bareLabel = /^label_values\(\s*(\w+)\s*\)$/.exec(trimmed);
  if (bareLabel) return `{${bareLabel[1]}!=""}`;
  const queryResult = /^query_result\((.*)\)$/s.exec(trimmed);
  if (queryResult) return queryResult[1]!;
  return trimmed;
}

interface Target {
  readonly expr?: string;
  readonly hide?: boolean;
}
interface Panel {
  readonly title?: string;
  readonly targets?: readonly Target[];
  readonly panels?: readonly Panel[];
}
interface Variable {
  readonly name: string;
  readonly type: string;
  readonly query?: string | { readonly query?: string };
}
export interface Dashboard {
  readonly panels?: readonly Panel[];
  readonly templating?: { readonly list?: readonly Variable[] };
}

function* panelQueries(panels: readonly Panel[]): Generator<readonly [string, string]> {
  for (const panel of panels) {
    for (const target of panel.targets ?? []) {
      if (target.expr && !target.hide) yield [panel.title ?? '(untitled panel)', target.expr];
    }
    // Rows keep their collapsed panels inside.
    yield* panelQueries(panel.panels ?? []);
  }
}

export function dashboardQueries(dashboard: Dashboard): DashboardQuery[] {
  const variables = (dashboard.templating?.list ?? []).map((v) => v.name);
  const queries: DashboardQuery[] = [];
  for (const [source, expr] of panelQueries(dashboard.panels ?? [])) {
    queries.push({ source, original: expr, promql: substitute(source, expr, variables) });
  }
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    if (!query) continue;
    const source = `variable ${variable.name}`;
    queries.push({ source, original: query, promql: substitute(source, variableToPromql(query), variables) });
  }
  return queries;
}
