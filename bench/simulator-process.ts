/**
 * The Tencent Cloud API simulator in its own process (so it does not take the exporter's core),
 * driven over IPC. argv[2]: a JSON SimulatorSpec.
 */
import { startSimulator } from '../src/simulator/index.js';
import { benchAccounts, strategyIds } from './lib/accounts.js';
import type { SimulatorCommand, SimulatorEvent, SimulatorSpec } from './lib/messages.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as SimulatorSpec;
const accounts = benchAccounts(spec.accounts);
const arrivals = new Map<string, number[]>();

const simulator = await startSimulator({
  accounts: accounts.map((a) => ({
    ...a,
    baselineStrategyIds: strategyIds(spec.strategies),
    ...(spec.imageTotal === undefined ? {} : { imageTotal: spec.imageTotal }),
  })),
  rateLimitPerSecond: spec.rateLimitPerSecond,
  log: spec.trackArrivals
    ? (event) => {
        if (event['event'] !== 'request') return;
        const key = `${String(event['account'])}/${String(event['action'])}`;
        // Logged when answered; the simulator's window counted the request that long ago.
        const at = performance.now() - Number(event['ms'] ?? 0);
        const times = arrivals.get(key) ?? [];
        if (times.length === 0) arrivals.set(key, times);
        times.push(at);
      }
    : undefined,
});

const send = (event: SimulatorEvent): void => {
  process.send?.(event);
};

process.on('message', (command: SimulatorCommand) => {
  switch (command.type) {
    case 'faultAll':
      for (const account of accounts) simulator.setFault(account.name, command.rule);
      send({ type: 'reply', id: command.id });
      break;
    case 'stats':
      send({ type: 'reply', id: command.id, stats: simulator.stats() });
      break;
    case 'resetStats':
      simulator.resetStats();
      arrivals.clear();
      send({ type: 'reply', id: command.id });
      break;
    case 'arrivals':
      send({
        type: 'reply',
        id: command.id,
        times: arrivals.get(`${command.account}/${command.action}`) ?? [],
      });
      break;
    case 'stop':
      void simulator.close().then(() => process.exit(0));
      break;
  }
});
process.on('disconnect', () => void simulator.close().then(() => process.exit(0)));
send({ type: 'listening', url: simulator.url });
