/** The exporter's command line, loaded by main.ts once the heap is bounded (heap-bound.ts). */
import { ConfigError } from './config/errors.js';
import { type ExporterConfig, loadConfig } from './config/index.js';
import { runCheck } from './exporter/check.js';
import { startDemo } from './exporter/demo.js';
import { Exporter } from './exporter/exporter.js';
import { followLauncher, heapBoundSource, heapLimitMb } from './exporter/heap-bound.js';
import { usageText } from './exporter/usage.js';
import { versionText } from './exporter/version.js';
import { createLogger } from './log/logger.js';
import { WebConfigError } from './server/web-config.js';
import { ownsAccount } from './shard/assign.js';

/** Exit status for a bad config or flag, as Prometheus exporters use. */
const EXIT_CONFIG = 2;
/** Anything else that stops the exporter: cannot listen, an uncaught exception. */
const EXIT_CRASH = 1;

async function load(argv: readonly string[]): Promise<ExporterConfig | number> {
  try {
    const result = await loadConfig([...argv], process.env);
    if (result.kind === 'help') {
      process.stdout.write(usageText());
      return 0;
    }
    if (result.kind === 'version') {
      process.stdout.write(versionText());
      return 0;
    }
    return result.config;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_CONFIG;
    }
    throw error;
  }
}

/** Keeps the accounts this replica owns when the accounts are split across replicas. */
function ownShard(config: ExporterConfig): ExporterConfig {
  const { index, count } = config.shard;
  if (count <= 1) return config;
  return Object.freeze({
    ...config,
    accounts: config.accounts.filter((a) => ownsAccount(a.name, index, count)),
  });
}

async function main(argv: readonly string[]): Promise<number | undefined> {
  const loaded = await load(argv);
  if (typeof loaded === 'number') return loaded;
  followLauncher();
  const log = createLogger(loaded.log);
  let config = ownShard(loaded);
  const demo = config.demo ? await startDemo(config, log) : undefined;
  if (demo) config = demo.config;

  if (config.check) {
    const status = await runCheck(config, (text) => process.stdout.write(text));
    await demo?.simulator.close();
    return status;
  }

  const exporter = new Exporter({
    config,
    log,
    loadConfig: config.configFile
      ? async () => {
          const result = await loadConfig([...argv], process.env);
          if (result.kind !== 'config') throw new Error('reload produced no configuration');
          const next = ownShard(result.config);
          return demo ? demo.adopt(next) : next;
        }
      : undefined,
  });

  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));
  // After an uncaught exception the process state is unknown (a half-run handler, a leaked lock):
  // exit so the supervisor starts a clean one rather than keep serving stale metrics as healthy.
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception; exiting');
    process.exit(EXIT_CRASH);
  });

  log.info({ heapLimitMb: heapLimitMb(), setBy: heapBoundSource() ?? 'node default' }, 'V8 heap bound');
  try {
    await exporter.start();
  } catch (error) {
    await exporter.stop();
    await demo?.simulator.close();
    if (error instanceof WebConfigError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_CONFIG;
    }
    // Typically the port is taken (EADDRINUSE) or not ours to bind (EACCES).
    const { code, syscall } = error as NodeJS.ErrnoException;
    process.stderr.write(
      syscall === 'listen'
        ? `tencentcloud-scan-exporter: cannot listen on ${config.web.listenAddress}: ${code ?? 'error'}\n`
        : `tencentcloud-scan-exporter: cannot start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT_CRASH;
  }
  process.on('SIGHUP', () => {
    exporter.reload().catch((err: unknown) => log.error({ err }, 'configuration reload failed'));
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await exporter.stop();
  await demo?.simulator.close();
  log.info('stopped');
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status ?? 0;
  },
  (error: unknown) => {
    process.stderr.write(
      `tencentcloud-scan-exporter: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = EXIT_CRASH;
  },
);
