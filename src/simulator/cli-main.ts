/** Starts the standalone simulator from command line arguments; `cli.ts` adds the signals. */
import { pino } from 'pino';
import { loadOptionsFile, parseCliArgs, toSimulatorOptions } from './cli-config.js';
import { startSimulator } from './server.js';
import type { Simulator } from './types.js';

export interface CliOutput {
  /** The URL goes alone on the first line, so scripts can read it. */
  writeUrl(url: string): void;
  /** JSON log lines. */
  readonly destination?: NodeJS.WritableStream;
}

export async function runCli(argv: readonly string[], output: CliOutput): Promise<Simulator> {
  const args = parseCliArgs(argv);
  const file = args.config ? await loadOptionsFile(args.config) : {};
  const logger = pino({ name: 'tencentcloud-simulator' }, output.destination ?? process.stdout);
  const options = toSimulatorOptions(file, args);
  const simulator = await startSimulator({
    ...options,
    log: args.quiet ? undefined : (event) => logger.info(event, 'request'),
  });
  output.writeUrl(simulator.url);
  logger.info(
    { url: simulator.url, accounts: options.accounts.map((account) => account.name) },
    'simulator listening',
  );
  return simulator;
}
