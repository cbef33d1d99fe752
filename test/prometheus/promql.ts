/**
 * PromQL helpers shared by the alert-rule and dashboard lint tests: a parse with the same grammar
 * Prometheus' own UI uses, and the metric names the exporter exposes (docs: /work/shared/contract.md).
 */
import { parser } from '@prometheus-io/lezer-promql';

const SCAN_METRICS = [
  'tencentcloud_scan_progress_ratio',
  'tencentcloud_scan_risks',
  'tencentcloud_scan_state',
  'tencentcloud_scan_images',
  'tencentcloud_scan_images_scanned',
  'tencentcloud_scan_images_succeeded',
  'tencentcloud_scan_remaining_seconds',
  'tencentcloud_scan_vulnerabilities',
  'tencentcloud_scan_start_timestamp_seconds',
  'tencentcloud_scan_end_timestamp_seconds',
  'tencentcloud_scan_info',
];

const SELF_METRICS = [
  'tencentcloud_scan_exporter_collector_success',
  'tencentcloud_scan_exporter_collector_duration_seconds',
  'tencentcloud_scan_exporter_collector_last_success_timestamp_seconds',
  'tencentcloud_scan_exporter_collector_rounds_skipped_total',
  'tencentcloud_scan_exporter_config_last_reload_successful',
  'tencentcloud_scan_exporter_api_requests_total',
  'tencentcloud_scan_exporter_build_info',
];

const HISTOGRAMS = ['tencentcloud_scan_exporter_api_request_duration_seconds'];

/** Every series name a query may select: the contract's metrics, histogram series, and `up`. */
export const EXPORTER_METRIC_NAMES: ReadonlySet<string> = new Set([
  ...SCAN_METRICS,
  ...SELF_METRICS,
  ...HISTOGRAMS.flatMap((h) => [`${h}_bucket`, `${h}_sum`, `${h}_count`]),
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
