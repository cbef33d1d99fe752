/**
 * PromQL helpers shared by the alert-rule and dashboard lint tests: a parse with the same grammar
 * Prometheus' own UI uses, and the metric names the exporter exposes (docs: /work/shared/contract.md).
 */
import { parser } from '@prometheus-io/lezer-promql';
import { COLLECTORS, familyTable } from '../../src/collectors/registry.js';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';

/**
 * Every series name a query may select, taken from the exporter itself (so a renamed metric
 * breaks the lint): the scan families, the self-metrics with histogram series, and `up`.
 */
export const EXPORTER_METRIC_NAMES: ReadonlySet<string> = new Set([
  ...familyTable(COLLECTORS).map((f) => f.name),
  ...((self) => [...self.prometheus.getMetricsAsArray(), ...self.processPrometheus.getMetricsAsArray()])(
    new SelfMetrics('lint'),
  ).flatMap((m) => {
    const { name, type } = m as unknown as { name: string; type: string };
    return type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
  }),
  'up',
]);

export interface LabelMatcher {
  name: string;
  op: string;
  /** The matcher's value without quotes (escapes left as written). */
  value: string;
}

export interface VectorSelector {
  metric: string;
  matchers: LabelMatcher[];
}

export interface PromQLAnalysis {
  /** Offsets of syntax error nodes; empty when the expression parses. */
  errorOffsets: number[];
  selectors: VectorSelector[];
  /** Names of the functions called, e.g. `rate`. */
  functions: string[];
}

export function analysePromQL(expr: string): PromQLAnalysis {
  const tree = parser.parse(expr);
  const errorOffsets: number[] = [];
  const selectors: VectorSelector[] = [];
  const functions: string[] = [];
  const text = (from: number, to: number): string => expr.slice(from, to);

  tree.iterate({
    enter(node) {
      if (node.type.isError) errorOffsets.push(node.from);
      if (node.name === 'FunctionIdentifier') functions.push(text(node.from, node.to));
      if (node.name !== 'VectorSelector') return;
      const metricNode = node.node.getChild('Identifier');
      const matchers: LabelMatcher[] = [];
      for (const m of node.node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
        const name = m.getChild('LabelName');
        const op = m.getChild('MatchOp');
        const value = m.getChild('StringLiteral');
        if (!name || !op || !value) continue;
        matchers.push({
          name: text(name.from, name.to),
          op: text(op.from, op.to),
          value: text(value.from + 1, value.to - 1),
        });
      }
      selectors.push({ metric: metricNode ? text(metricNode.from, metricNode.to) : '', matchers });
    },
  });
  return { errorOffsets, selectors, functions };
}

/** The selectors' metric names that the exporter does not expose (a selector without a name counts). */
export function unknownMetricNames(analysis: PromQLAnalysis): string[] {
  return analysis.selectors.map((s) => s.metric).filter((name) => !EXPORTER_METRIC_NAMES.has(name));
}
