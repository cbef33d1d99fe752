import { PassThrough } from 'node:stream';
import { runCli } from '../../src/simulator/cli-main.js';
import { demoAccounts } from '../../src/simulator/demo-accounts.js';
import { callApi, codeOf, TCSS } from './sign-helper.js';

describe('runCli', () => {
  it('starts a simulator on the demo accounts, writes its URL and logs JSON lines', async () => {
    const lines: string[] = [];
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    let url = '';
    const sim = await runCli(['--port', '0'], { writeUrl: (u) => (url = u), destination });
    try {
      expect(url).toBe(sim.url);
      const prod = demoAccounts[0]!;
      const result = await callApi({
        url,
        action: 'DescribeAssetImageScanStatus',
        ...TCSS,
        secretId: prod.secretId,
        secretKey: prod.secretKey,
      });
      expect(codeOf(result)).toBe('Success');
      for (let i = 0; i < 50 && lines.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(events[0]).toMatchObject({
        msg: 'simulator listening',
        url,
        accounts: ['prod', 'staging', 'legacy'],
      });
      expect(events[1]).toMatchObject({ msg: 'request', account: 'prod', code: 'Success' });
      expect(lines.join('\n')).not.toContain(prod.secretKey);
    } finally {
      await sim.close();
    }
  });
});
