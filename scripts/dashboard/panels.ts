/**
 * Builders for the panel types the dashboard uses. Each returns a draft without id and position;
 * build.ts numbers and places them.
 */
import type {
  DataSourceRef,
  FieldDefaults,
  FieldOverride,
  PrometheusTarget,
  ThresholdStep,
  ValueMapping,
  VisualPanel,
} from './model.js';

/** Every panel and query variable points at the dashboard's `datasource` variable. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JS template
export const DATASOURCE: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

export interface Query {
  expr: string;
  legend?: string;
}

export interface PanelDraft extends Omit<VisualPanel, 'id' | 'gridPos'> {
  size: { w: number; h: number };
}

interface CommonSpec {
  title: string;
  description: string;
  unit: string;
  queries: Query[];
  w: number;
  h: number;
  min?: number;
  max?: number;
  decimals?: number;
  noValue?: string;
  thresholds?: ThresholdStep[];
  mappings?: ValueMapping[];
}

/** A 0–1 ratio shown as a percentage: the unit and bounds every ratio panel shares. */
export const RATIO = { unit: 'percentunit', min: 0, max: 1 } as const;

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A value mapping from numbers to words and colours. */
export function valueMapping(
  entries: readonly { code: number; text: string; color: string }[],
): ValueMapping {
  return {
    type: 'value',
    options: Object.fromEntries(
      entries.map((e, index) => [String(e.code), { text: e.text, color: e.color, index }]),
    ),
  };
}

function targets(queries: Query[], mode: 'range' | 'instant' | 'table'): PrometheusTarget[] {
  return queries.map((q, i) => ({
    datasource: DATASOURCE,
    refId: REF_IDS[i]!,
    expr: q.expr,
    legendFormat: q.legend ?? '__auto',
    editorMode: 'code',
    range: mode === 'range',
    instant: mode !== 'range',
    format: mode === 'table' ? 'table' : 'time_series',
  }));
}

function defaults(spec: CommonSpec, colorMode: string, custom?: Record<string, unknown>): FieldDefaults {
  const d: FieldDefaults = {
    unit: spec.unit,
    color: { mode: colorMode },
    mappings: spec.mappings ?? [],
    thresholds: { mode: 'absolute', steps: spec.thresholds ?? [{ color: 'green', value: null }] },
  };
  if (spec.min !== undefined) d.min = spec.min;
  if (spec.max !== undefined) d.max = spec.max;
  if (spec.decimals !== undefined) d.decimals = spec.decimals;
  if (spec.noValue !== undefined) d.noValue = spec.noValue;
  if (custom) d.custom = custom;
  return d;
}

function draft(
  spec: CommonSpec,
  type: VisualPanel['type'],
  fieldDefaults: FieldDefaults,
  options: Record<string, unknown>,
  mode: 'range' | 'instant' | 'table',
  overrides: FieldOverride[] = [],
): PanelDraft {
  return {
    type,
    title: spec.title,
    description: spec.description,
    datasource: DATASOURCE,
    fieldConfig: { defaults: fieldDefaults, overrides },
    options,
    targets: targets(spec.queries, mode),
    size: { w: spec.w, h: spec.h },
  };
}

const REDUCE_LAST = { calcs: ['lastNotNull'], fields: '', values: false };
const LEGEND = { displayMode: 'list', placement: 'bottom', showLegend: true };

export function stat(
  spec: CommonSpec & { colorMode?: 'value' | 'background'; textMode?: string },
): PanelDraft {
  return draft(
    spec,
    'stat',
    defaults(spec, 'thresholds'),
    {
      reduceOptions: REDUCE_LAST,
      colorMode: spec.colorMode ?? 'value',
      graphMode: 'none',
      justifyMode: 'auto',
      orientation: 'auto',
      textMode: spec.textMode ?? 'auto',
      showPercentChange: false,
      wideLayout: true,
    },
    'instant',
  );
}

export function timeseries(spec: CommonSpec & { stacked?: boolean; bars?: boolean }): PanelDraft {
  return draft(
    spec,
    'timeseries',
    defaults(spec, 'palette-classic', {
      drawStyle: spec.bars ? 'bars' : 'line',
      lineWidth: 1,
      fillOpacity: spec.stacked || spec.bars ? 60 : 10,
      showPoints: 'never',
      spanNulls: false,
      stacking: { mode: spec.stacked ? 'normal' : 'none', group: 'A' },
    }),
    { legend: LEGEND, tooltip: { mode: 'multi', sort: 'desc' } },
    'range',
  );
}

export function barGauge(spec: CommonSpec): PanelDraft {
  return draft(
    spec,
    'bargauge',
    defaults(spec, 'thresholds'),
    {
      reduceOptions: REDUCE_LAST,
      orientation: 'horizontal',
      displayMode: 'gradient',
      valueMode: 'color',
      namePlacement: 'auto',
      showUnfilled: true,
      sizing: 'auto',
      minVizHeight: 16,
      minVizWidth: 8,
      maxVizHeight: 300,
    },
    'instant',
  );
}

export function stateTimeline(spec: CommonSpec): PanelDraft {
  return draft(
    spec,
    'state-timeline',
    defaults(spec, 'thresholds', { fillOpacity: 80, lineWidth: 0 }),
    {
      mergeValues: true,
      showValue: 'auto',
      alignValue: 'left',
      rowHeight: 0.9,
      legend: LEGEND,
      tooltip: { mode: 'single', sort: 'none' },
    },
    'range',
  );
}

export interface TableColumn {
  /** Header of the value column of this query. */
  name: string;
  unit: string;
  mappings?: ValueMapping[];
  /** How the cell is drawn: a coloured background for states, a gauge for ratios. */
  cell?: 'color-background' | 'gauge';
  min?: number;
  max?: number;
}

/**
 * A table joining one instant query per column on the scan labels. Column i belongs to query i;
 * Grafana names the merged value columns "Value #<refId>", which the overrides rename.
 */
export function table(spec: CommonSpec & { columns: TableColumn[]; hiddenLabels?: string[] }): PanelDraft {
  const overrides: FieldOverride[] = spec.columns.map((col, i) => {
    const properties: { id: string; value: unknown }[] = [
      { id: 'displayName', value: col.name },
      { id: 'unit', value: col.unit },
    ];
    if (col.mappings) properties.push({ id: 'mappings', value: col.mappings });
    if (col.cell) properties.push({ id: 'custom.cellOptions', value: { type: col.cell, mode: 'basic' } });
    if (col.min !== undefined) properties.push({ id: 'min', value: col.min });
    if (col.max !== undefined) properties.push({ id: 'max', value: col.max });
    return { matcher: { id: 'byName', options: `Value #${REF_IDS[i]!}` }, properties };
  });
  const excluded = Object.fromEntries(['Time', ...(spec.hiddenLabels ?? [])].map((n) => [n, true]));
  return {
    ...draft(
      spec,
      'table',
      defaults(spec, 'thresholds', { align: 'auto', cellOptions: { type: 'auto' }, inspect: false }),
      {
        showHeader: true,
        cellHeight: 'sm',
        footer: { show: false, reducer: ['sum'], countRows: false, fields: '' },
      },
      'table',
      overrides,
    ),
    transformations: [
      { id: 'merge', options: {} },
      { id: 'organize', options: { excludeByName: excluded, indexByName: {}, renameByName: {} } },
    ],
  };
}
