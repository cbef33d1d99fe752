#!/usr/bin/env node
/**
 * `node dist/simulator/cli.js [--config sim.yml] [--port N] [--host H] [--quiet]`: a standalone
 * Tencent Cloud API simulator. Prints its URL on the first line of stdout, then JSON log lines;
 * SIGTERM or SIGINT closes it.
 */
import { SimulatorConfigError } from './cli-config.js';
import { runCli } from './cli-main.js';

try {
  const simulator = await runCli(process.argv.slice(2), {
    writeUrl: (url) => process.stdout.write(`${url}\n`),
  });
  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  process.stderr.write(`simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof SimulatorConfigError ? 2 : 1);
}
