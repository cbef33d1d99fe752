/**
 * The whole monitoring path on 127.0.0.1, each part in its own temp dir: the Tencent Cloud API
 * simulator (in-process), the built exporter, Prometheus with the repo's alert rules (shortened
 * `for:`), Alertmanager, and a webhook receiver standing in for the on-call's pager.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Simulator, type SimulatorAccount, startSimulator } from '../../src/simulator/index.js';
import {
  EXPORTER_MAIN,
  type ManagedProcess,
  type ProcessSpec,
  startExporter,
  startProcess,
  toolkitListening,
} from '../harness/processes.js';
import { shortenFor } from './fast-rules.js';
import { waitFor } from './poll.js';
import { isReady } from './prometheus-api.js';
import { alertmanagerConfig, exporterConfig, prometheusConfig } from './stack-configs.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const ALERT_RULES = join(REPO, 'prometheus', 'alerts.yml');
export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

/** Alerts must fire within seconds; the expressions stay the repo's. */
export const MAX_FOR = '5s';
const STARTUP_LIMIT_MS = 30_000;

export const E2E_ACCOUNTS: readonly SimulatorAccount[] = [
  { name: 'alpha', secretId: 'AKIDe2eAlpha000000000000', secretKey: 'e2e-alpha-secret-key', imageTotal: 120 },
  { name: 'bravo', secretId: 'AKIDe2eBravo000000000000', secretKey: 'e2e-bravo-secret-key', imageTotal: 80 },
  {
    name: 'charlie',
    secretId: 'AKIDe2eCharlie0000000000',
    secretKey: 'e2e-charlie-secret-key',
    baselineStrategyIds: [3],
  },
];

export interface E2eStack {
  readonly simulator: Simulator;
  readonly webhook: WebhookReceiver;
  readonly exporterUrl: string;
  readonly prometheusUrl: string;
  readonly alertmanagerUrl: string;
  /** Every process's output tail, for assertion messages. */
  output(): string;
  /** Stops everything that was started (SIGTERM, SIGKILL after 5 s) and removes the temp dirs. */
  close(): Promise<void>;
}

export function missingPrerequisites(): string[] {
  return [EXPORTER_MAIN].filter((path) => !existsSync(path));
}

class StackBuilder {
  readonly processes: ManagedProcess[] = [];
  readonly dirs: string[] = [];
  simulator?: Simulator;
  webhook?: WebhookReceiver;

  dir(name: string): string {
    const dir = mkdtempSync(join(tmpdir(), `e2e-${name}-`));
    this.dirs.push(dir);
    return dir;
  }

  /** Waits for the started process's /-/ready; fails at once, with its output, if it exits. */
  async ready(started: Promise<ManagedProcess>): Promise<string> {
    const proc = await started;
    this.processes.push(proc);
    const { name, url: baseUrl } = proc;
    const died = proc.exited.then((exit) => {
      throw new Error(`${name} exited (${exit.code ?? exit.signal}) before it was ready\n${proc.output()}`);
    });
    try {
      await Promise.race([
        waitFor(`${name} ready at ${baseUrl}`, () => isReady(baseUrl), STARTUP_LIMIT_MS),
        died,
      ]);
    } catch (error) {
      if (error instanceof Error && !error.message.includes('output (tail)'))
        error.message += `\n${proc.output()}`;
      throw error;
    } finally {
      died.catch(() => {});
    }
    return baseUrl;
  }

  /** Prometheus or Alertmanager in `cwd`, on 127.0.0.1:0 (they log the port they bound at info level). */
  tool(name: string, command: string, args: string[], cwd: string): Promise<ManagedProcess> {
    const spec: ProcessSpec = {
      name,
      command,
      args: [...args, '--web.listen-address=127.0.0.1:0', '--log.level=info'],
      cwd,
      env: { PATH: process.env['PATH'], HOME: cwd },
      listening: toolkitListening,
    };
    return startProcess(spec);
  }

  output(): string {
    return this.processes.map((p) => p.output()).join('\n');
  }

  async close(): Promise<void> {
    // Prometheus first, so it does not record the exporter's shutdown as a failed scrape that fires alerts.
    for (const proc of [...this.processes].reverse()) await proc.stop();
    await this.webhook?.close();
    await this.simulator?.close();
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

export async function startE2eStack(): Promise<E2eStack> {
  const b = new StackBuilder();
  try {
    b.simulator = await startSimulator({
      accounts: [...E2E_ACCOUNTS],
      progressPerSecond: 10,
      idleSeconds: 3,
    });
    b.webhook = await startWebhookReceiver();

    const exporterDir = b.dir('exporter');
    writeFileSync(join(exporterDir, 'config.yml'), exporterConfig(b.simulator.url, E2E_ACCOUNTS));
    const exporterUrl = await b.ready(
      startExporter({ configFile: join(exporterDir, 'config.yml'), cwd: exporterDir }),
    );

    const alertmanagerDir = b.dir('alertmanager');
    writeFileSync(join(alertmanagerDir, 'alertmanager.yml'), alertmanagerConfig(b.webhook.url));
    const alertmanagerUrl = await b.ready(
      b.tool(
        'alertmanager',
        ALERTMANAGER_BIN,
        [
          `--config.file=${join(alertmanagerDir, 'alertmanager.yml')}`,
          `--storage.path=${join(alertmanagerDir, 'data')}`,
          // Empty: no gossip cluster, so no port 9094 and no wait for peers before notifying.
          '--cluster.listen-address=',
        ],
        alertmanagerDir,
      ),
    );

    const prometheusDir = b.dir('prometheus');
    writeFileSync(join(prometheusDir, 'alerts.yml'), shortenFor(readFileSync(ALERT_RULES, 'utf8'), MAX_FOR));
    writeFileSync(
      join(prometheusDir, 'prometheus.yml'),
      prometheusConfig(new URL(exporterUrl).host, new URL(alertmanagerUrl).host, 'alerts.yml'),
    );
    const prometheusUrl = await b.ready(
      b.tool(
        'prometheus',
        PROMETHEUS_BIN,
        [
          `--config.file=${join(prometheusDir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(prometheusDir, 'data')}`,
          // Re-sends of firing alerts every second instead of every minute, as `for:` is seconds here.
          '--rules.alert.resend-delay=1s',
        ],
        prometheusDir,
      ),
    );

    return {
      simulator: b.simulator,
      webhook: b.webhook,
      exporterUrl,
      prometheusUrl,
      alertmanagerUrl,
      output: () => b.output(),
      close: () => b.close(),
    };
  } catch (error) {
    await b.close();
    throw error;
  }
}
