/**
 * An HTTP stand-in for the Tencent Cloud APIs the exporter uses (TCSS, CWP, STS, CVM metadata),
 * for `--demo`, integration/fault/e2e tests and benchmarks. It imports nothing from the rest of
 * `src/`: it has to catch the exporter's mistakes, not share them.
 */

export { defaultUin } from './accounts.js';
export { demoAccounts } from './demo-accounts.js';
export { startSimulator } from './server.js';
export type {
  Fault,
  FaultRule,
  Simulator,
  SimulatorAccount,
  SimulatorOptions,
  SimulatorStats,
} from './types.js';
