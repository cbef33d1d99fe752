import { COLLECTORS } from '../collectors/registry.js';
import { FLAG_SPECS } from '../config/flags.js';

/** `--help` output: every flag with its argument and default, and the collectors the config can set. */
export function usageText(program = 'tencentcloud-scan-exporter'): string {
  const rows = FLAG_SPECS.map((flag) => [
    flag.arg ? `--${flag.name}=${flag.arg}` : `--${flag.name}`,
    flag.default === undefined ? flag.help : `${flag.help} Default: ${flag.default}`,
  ]);
  const width = Math.max(...rows.map(([left]) => left!.length));
  const nameWidth = Math.max(...COLLECTORS.map((d) => d.name.length));
  return [
    `usage: ${program} [flags]`,
    '',
    'Prometheus exporter for Tencent Cloud scan status (TCSS image scans, CWP host scans).',
    '',
    'Flags (--flag=value or --flag value; booleans also --flag=false or --no-flag):',
    ...rows.map(([left, right]) => `  ${left!.padEnd(width)}  ${right}`),
    '',
    'Collectors (config file: collectors.<name>, each with enabled, schedule, timeout_seconds):',
    ...COLLECTORS.map((d) => `  ${d.name.padEnd(nameWidth)}  ${d.description}`),
    '',
  ].join('\n');
}
