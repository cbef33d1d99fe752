import { setMaxListeners } from 'node:events';
import { COLLECTORS } from '../collectors/registry.js';
import type { ExporterConfig } from '../config/index.js';
import { SelfMetrics } from '../metrics/self-metrics.js';
import { runAccountRound } from '../scheduler/account-round.js';
import { closeAllPools } from '../tencentcloud/transport.js';
import { buildAccountRuntimes } from './accounts.js';
import { buildCollectors } from './collectors.js';
import { BUILD_INFO, VERSION } from './version.js';

export interface CheckRow {
  readonly account: string;
  readonly collector: string;
  /** The API actions a round of the collector may call (from its definition). */
  readonly actions: string;
  readonly ok: boolean;
  readonly seconds: number;
  readonly samples: number;
  readonly code: string;
  readonly message: string;
}

/**
 * `--check`: one round of every enabled collector for every account, concurrently, printed as a
 * table. Returns the exit status: 0 only if everything succeeded.
 */
export async function runCheck(config: ExporterConfig, write: (text: string) => void): Promise<number> {
  const metrics = new SelfMetrics(VERSION, BUILD_INFO);
  const accounts = buildAccountRuntimes(config.accounts, metrics);
  const collectors = buildCollectors(config);
  const never = new AbortController().signal;
  // Every round of the check listens on it at once: accounts × collectors, legitimately over 10.
  setMaxListeners(0, never);
  const actionsOf = new Map<string, string>(
    COLLECTORS.map((d) => [d.name, d.actions.map((a) => a.action).join(',')]),
  );
  try {
    const rows = await Promise.all(
      accounts.runtimes.flatMap((account) =>
        collectors.map(async (scheduled): Promise<CheckRow> => {
          const result = await runAccountRound(
            scheduled.collector,
            account.caller,
            scheduled.timeoutSeconds,
            never,
          );
          return {
            account: account.name,
            collector: scheduled.collector.name,
            actions: actionsOf.get(scheduled.collector.name) ?? '',
            ok: result.ok,
            seconds: result.durationSeconds,
            samples: result.ok ? result.samples.length : (result.partial?.samples.length ?? 0),
            code: result.ok ? 'Success' : result.code,
            message: result.ok ? '' : result.message,
          };
        }),
      ),
    );
    write(formatCheckTable(rows));
    const failed = rows.filter((r) => !r.ok).length;
    write(
      failed === 0
        ? `\nAll ${rows.length} checks succeeded.\n`
        : `\n${failed} of ${rows.length} checks failed.\n`,
    );
    return failed === 0 && rows.length > 0 ? 0 : 1;
  } finally {
    await accounts.close();
    await closeAllPools();
  }
}

export function formatCheckTable(rows: readonly CheckRow[]): string {
  const header = ['ACCOUNT', 'COLLECTOR', 'ACTIONS', 'OUTCOME', 'LATENCY', 'SERIES', 'CODE', 'MESSAGE'];
  const cells = rows.map((r) => [
    printable(r.account),
    printable(r.collector),
    printable(r.actions),
    r.ok ? 'ok' : 'FAILED',
    `${r.seconds.toFixed(3)}s`,
    String(r.samples),
    printable(r.code),
    printable(r.message.replace(/\s+/g, ' ')),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[header, ...cells].map(line).join('\n')}\n`;
}

/**
 * Text from an API server (codes, messages) shown with its control and format characters
 * escaped: a hostile endpoint must not move the cursor, recolour, retitle or clear the terminal
 * of whoever runs `--check`, nor reorder the line with bidi overrides.
 */
export function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => {
    const code = c.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}
