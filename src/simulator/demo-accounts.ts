/** The accounts `--demo` and the simulator CLI use when none are configured. The keys are fake. */
import type { SimulatorAccount } from './types.js';

export const demoAccounts: readonly SimulatorAccount[] = [
  {
    name: 'prod',
    secretId: 'AKIDsimDemoProd0000000000000000000000',
    secretKey: 'simDemoProdSecretKeyNotReal00000',
    uin: '100000000001',
    imageTotal: 339,
    baselineStrategyIds: [1, 2],
  },
  {
    name: 'staging',
    secretId: 'AKIDsimDemoStaging000000000000000000',
    secretKey: 'simDemoStagingSecretKeyNotReal00',
    uin: '100000000002',
    imageTotal: 128,
    baselineStrategyIds: [1, 2],
  },
  {
    name: 'legacy',
    secretId: 'AKIDsimDemoLegacy0000000000000000000',
    secretKey: 'simDemoLegacySecretKeyNotReal000',
    uin: '100000000003',
    imageTotal: 57,
    baselineStrategyIds: [1],
  },
];

export default demoAccounts;
