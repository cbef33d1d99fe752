import { Writable } from 'node:stream';
import { toLogfmt } from '../../src/log/logfmt.js';
import { createLogger } from '../../src/log/logger.js';

function capture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  return { stream, lines };
}

describe('logfmt', () => {
  test('puts ts, level, msg first, quotes where needed and flattens objects', () => {
    expect(
      toLogfmt({ msg: 'hello world', level: 'info', time: 't', account: 'prod', err: { code: 'X' }, n: 3 }),
    ).toBe('ts=t level=info msg="hello world" account=prod err.code=X n=3');
    expect(toLogfmt({ msg: 'a=b "c"' })).toBe('msg="a=b \\"c\\""');
  });
});

describe('logger', () => {
  test.each(['json', 'logfmt'] as const)('redacts secrets at any depth (%s)', async (format) => {
    const { stream, lines } = capture();
    const log = createLogger({ level: 'info', format, destination: stream });
    log.info(
      { secretKey: 'S3CRET-A', account: { credentials: { secret_key: 'S3CRET-B', token: 'S3CRET-C' } } },
      'x',
    );
    log.flush();
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/S3CRET/);
    expect(lines[0]).toContain('[REDACTED]');
  });

  test('json lines carry level names and the message', async () => {
    const { stream, lines } = capture();
    const log = createLogger({ level: 'warn', format: 'json', destination: stream });
    log.info('dropped');
    log.warn({ account: 'prod' }, 'kept');
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', msg: 'kept', account: 'prod' });
  });
});
