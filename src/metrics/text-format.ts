/** Prometheus text format (0.0.4) helpers; the same lines are valid OpenMetrics for gauges. */

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Empty label values are omitted: in Prometheus an empty label is the same as no label. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  let out = '';
  for (const key of Object.keys(labels).sort()) {
    const value = labels[key];
    if (value === undefined || value === '') continue;
    out += `${out === '' ? '' : ','}${key}="${escapeLabelValue(value)}"`;
  }
  return out === '' ? '' : `{${out}}`;
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

export function formatSample(name: string, labels: Readonly<Record<string, string>>, value: number): string {
  return `${name}${formatLabels(labels)} ${formatValue(value)}\n`;
}
