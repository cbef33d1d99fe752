/**
 * The subset of Grafana's classic dashboard JSON model (schemaVersion 41, Grafana 12) that the
 * generator emits. Plain types, no Grafana dependency.
 */

export interface DataSourceRef {
  type: 'prometheus';
  uid: string;
}

export interface PrometheusTarget {
  datasource: DataSourceRef;
  refId: string;
  expr: string;
  legendFormat: string;
  editorMode: 'code';
  range: boolean;
  instant: boolean;
  format: 'time_series' | 'table';
}

export interface ValueMappingEntry {
  text: string;
  color: string;
  index: number;
}

export interface ValueMapping {
  type: 'value';
  options: Record<string, ValueMappingEntry>;
}

export interface ThresholdStep {
  color: string;
  value: number | null;
}

export interface Thresholds {
  mode: 'absolute';
  steps: ThresholdStep[];
}

export interface FieldDefaults {
  unit: string;
  min?: number;
  max?: number;
  decimals?: number;
  noValue?: string;
  color: { mode: string };
  mappings: ValueMapping[];
  thresholds: Thresholds;
  custom?: Record<string, unknown>;
}

export interface FieldOverride {
  matcher: { id: 'byName'; options: string };
  properties: { id: string; value: unknown }[];
}

export interface FieldConfig {
  defaults: FieldDefaults;
  overrides: FieldOverride[];
}

export interface GridPos {
  h: number;
  w: number;
  x: number;
  y: number;
}

export interface Transformation {
  id: string;
  options: Record<string, unknown>;
}

export type VisualPanelType = 'stat' | 'timeseries' | 'bargauge' | 'table' | 'state-timeline';

export interface VisualPanel {
  id: number;
  type: VisualPanelType;
  title: string;
  description: string;
  datasource: DataSourceRef;
  gridPos: GridPos;
  fieldConfig: FieldConfig;
  options: Record<string, unknown>;
  targets: PrometheusTarget[];
  transformations?: Transformation[];
  maxDataPoints?: number;
}

export interface RowPanel {
  id: number;
  type: 'row';
  title: string;
  collapsed: boolean;
  gridPos: GridPos;
  /** Grafana keeps the panels of a collapsed row inside it, and those of an open row after it. */
  panels: VisualPanel[];
}

export type Panel = VisualPanel | RowPanel;

export interface DataSourceVariable {
  type: 'datasource';
  name: string;
  label: string;
  query: 'prometheus';
  current: Record<string, never>;
  hide: 0;
  includeAll: false;
  multi: false;
  options: [];
  refresh: 1;
  regex: '';
}

export interface QueryVariable {
  type: 'query';
  name: string;
  label: string;
  description: string;
  datasource: DataSourceRef;
  definition: string;
  query: { qryType: 1; query: string; refId: string };
  current: Record<string, never>;
  hide: 0;
  includeAll: true;
  allValue: '.*';
  multi: true;
  options: [];
  /** 2: refresh the values when the time range changes. */
  refresh: 2;
  regex: '';
  /** 1: alphabetical, ascending. */
  sort: 1;
}

export type Variable = DataSourceVariable | QueryVariable;

export interface Dashboard {
  annotations: { list: Record<string, unknown>[] };
  description: string;
  editable: boolean;
  fiscalYearStartMonth: 0;
  graphTooltip: 0 | 1 | 2;
  id: null;
  links: Record<string, unknown>[];
  panels: Panel[];
  refresh: string;
  schemaVersion: number;
  tags: string[];
  templating: { list: Variable[] };
  time: { from: string; to: string };
  timepicker: Record<string, never>;
  timezone: string;
  title: string;
  uid: string;
  version: number;
  weekStart: string;
}
