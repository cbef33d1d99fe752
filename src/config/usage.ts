import { COLLECTORS } from '../collectors/registry.js';
import { FLAG_SPECS } from './flags.js';

/** `--help` output: every flag with its argument and default, and the collectors the config can set. */
export function usageText(program = 'tencentcloud-scan-exporter'): string {
  const rows = FLAG_SPECS.map((spec) => {
    const left = spec.kind === 'bool' ? `--${spec.name}` : `--${spec.name}=${spec.placeholder ?? 'VALUE'}`;
    const right = spec.defaultText === undefined ? spec.help : `${spec.help} Default: ${spec.defaultText}`;
    return [left, right] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  const lines = rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
  const nameWidth = Math.max(...COLLECTORS.map((d) => d.name.length));
  const collectors = COLLECTORS.map((d) => `  ${d.name.padEnd(nameWidth)}  ${d.description}`);
  return [
    `usage: ${program} [flags]`,
    '',
    'Prometheus exporter for Tencent Cloud scan status (TCSS image scans, CWP host scans).',
    '',
    'Flags (--flag=value or --flag value; booleans also --flag=false or --no-flag):',
    ...lines,
    '',
    'Collectors (config file: collectors.<name>, each with enabled, schedule, timeout_seconds):',
    ...collectors,
    '',
  ].join('\n');
}
