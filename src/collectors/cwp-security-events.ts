import {
  DESCRIBE_SECURITY_EVENTS_CNT,
  describeSecurityEventsCnt,
  SECURITY_EVENT_TYPES,
  type SecurityEventsCnt,
} from '../tencentcloud/apis/cwp-summary.js';
import type { FieldRow } from './definition.js';
import { defineSummaryCollector } from './summary.js';

/** `event_type` values: the API's field names in snake case (`BruteAttack` → `brute_attack`). */
export function eventTypeLabel(field: string): string {
  return field.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** CWP DescribeSecurityEventsCnt → events and affected hosts per event type. */
export const SECURITY_EVENTS_FIELD_TABLE: readonly FieldRow<SecurityEventsCnt>[] = [
  ...SECURITY_EVENT_TYPES.flatMap((type): FieldRow<SecurityEventsCnt>[] => [
    {
      metric: 'tencentcloud_security_events',
      field: type,
      member: 'EventCnt',
      kind: 'number',
      labels: ['event_type'],
      constLabels: { event_type: eventTypeLabel(type) },
    },
    {
      metric: 'tencentcloud_security_event_hosts',
      field: type,
      member: 'UuidCnt',
      kind: 'number',
      labels: ['event_type'],
      constLabels: { event_type: eventTypeLabel(type) },
    },
  ]),
  { metric: 'tencentcloud_security_event_affected_hosts', field: 'EffectMachineCount', kind: 'number' },
];

export const cwpSecurityEvents = defineSummaryCollector({
  name: 'cwp_security_events',
  product: 'cwp',
  description: 'CWP security events and affected hosts by event type (DescribeSecurityEventsCnt)',
  second: 30,
  action: DESCRIBE_SECURITY_EVENTS_CNT,
  fetch: describeSecurityEventsCnt,
  metrics: {
    tencentcloud_security_events: 'Security events by event type (CWP DescribeSecurityEventsCnt EventCnt).',
    tencentcloud_security_event_hosts:
      'Hosts affected per event type; a host may count under several types (CWP UuidCnt).',
    tencentcloud_security_event_affected_hosts:
      'Hosts affected by any security event (CWP EffectMachineCount).',
  },
  rows: SECURITY_EVENTS_FIELD_TABLE,
});
