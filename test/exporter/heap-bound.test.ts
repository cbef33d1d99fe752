/**
 * The heap bound the exporter sets itself: how it is sized and detected, and, as a process, that
 * `node dist/main.js` runs under it unless NODE_OPTIONS says otherwise.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configuredAccounts,
  countBlockItems,
  heapBoundSource,
  heapFlagsFor,
  LAUNCHED_ENV,
} from '../../src/exporter/heap-bound.js';
import { ExporterProcess, runExporter, waitFor, writeConfig } from '../helpers/exporter-process.js';
import { fifoWithWatchdog } from '../helpers/fifo.js';

const oldSpace = (accounts: number) =>
  Number(/--max-old-space-size=(\d+)/.exec(heapFlagsFor(accounts).join(' '))?.[1]);

describe('heapFlagsFor', () => {
  test('grows with the accounts, from a floor, up to a cap', () => {
    expect(oldSpace(0)).toBeGreaterThanOrEqual(48);
    expect(oldSpace(1000)).toBeGreaterThan(oldSpace(100));
    expect(oldSpace(1_000_000)).toBe(4096);
    expect(heapFlagsFor(10)).toContain('--max-semi-space-size=4');
  });
});

describe('heapBoundSource', () => {
  test('node flags, NODE_OPTIONS and a launch by the exporter all count; nothing else does', () => {
    expect(heapBoundSource([], {})).toBeUndefined();
    expect(heapBoundSource(['--max-old-space-size=300'], {})).toBe('node flags');
    expect(heapBoundSource(['--max_old_space_size=300'], {})).toBe('node flags');
    expect(heapBoundSource([], { NODE_OPTIONS: '--enable-source-maps --max-old-space-size=300' })).toBe(
      'NODE_OPTIONS',
    );
    expect(heapBoundSource([], { NODE_OPTIONS: '--max-heap-size=300' })).toBe('NODE_OPTIONS');
    expect(heapBoundSource([], { NODE_OPTIONS: '--enable-source-maps' })).toBeUndefined();
    expect(heapBoundSource([], { [LAUNCHED_ENV]: '--max-old-space-size=49' })).toBe('exporter');
  });
});

describe('counting accounts without loading the config', () => {
  test('block sequences, indented or at the key column, with comments', () => {
    const text = [
      '# accounts: none here',
      'accounts:',
      '  # the first',
      '  - name: a',
      '    endpoint: x',
      '  - name: b',
      '    tags:',
      '      - nested',
      'collectors:',
      '  tcss_image_scan: {}',
    ].join('\n');
    expect(countBlockItems(text, 'accounts')).toBe(2);
    expect(countBlockItems('accounts:\n- name: a\n- name: b\n- name: c\n', 'accounts')).toBe(3);
    expect(countBlockItems('collectors: {}\n', 'accounts')).toBe(0);
    expect(countBlockItems('accounts: [{ name: a }]\n', 'accounts')).toBeUndefined();
  });

  test('from the flags and the file: shards divide, one-off commands need no bound', async () => {
    const config = await writeConfig({
      accounts: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
    });
    try {
      expect(await configuredAccounts([`--config.file=${config.path}`])).toBe(3);
      expect(await configuredAccounts(['--config.file', config.path, '--shard.count=2'])).toBe(2);
      expect(await configuredAccounts([`--config.file=${config.path}`, '--check'])).toBeUndefined();
      expect(await configuredAccounts(['--version'])).toBeUndefined();
      expect(await configuredAccounts([])).toBe(1);
      expect(await configuredAccounts(['--config.file=/nonexistent/config.yaml'])).toBeUndefined();
    } finally {
      await config.cleanup();
    }
  });
});

test('a FIFO as --config.file: the launcher does not wait for a writer, the exporter exits 2 naming it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'config-fifo-'));
  const fifo = join(dir, 'config.yml');
  // A regression is released by the watchdog after 10 s and killed after 20 s: bounded either way.
  const release = fifoWithWatchdog(fifo, 10);
  try {
    const started = performance.now();
    const result = await runExporter([`--config.file=${fifo}`, '--web.listen-address=127.0.0.1:0'], {
      timeoutMs: 20_000,
    });
    expect(result.stderr).toBe(
      `invalid config: --config.file: not a regular file: ${JSON.stringify(fifo)} is a FIFO\n`,
    );
    expect(result.code).toBe(2);
    expect(performance.now() - started).toBeLessThan(10_000);
  } finally {
    release();
    await rm(dir, { recursive: true, force: true });
  }
}, 45_000);

describe('node dist/main.js', () => {
  const config = {
    accounts: [
      {
        name: 'a',
        secret_id: 'AKIDheapbound0000000',
        secret_key: 'k'.repeat(32),
        endpoint: 'http://127.0.0.1:9',
      },
    ],
  };

  async function boundLine(exporter: ExporterProcess): Promise<{ heapLimitMb: number; setBy: string }> {
    return waitFor(
      async () => {
        const line = exporter
          .stdout()
          .split('\n')
          .find((l) => l.includes('V8 heap bound'));
        return line ? (JSON.parse(line) as { heapLimitMb: number; setBy: string }) : undefined;
      },
      { timeoutMs: 20_000, what: 'the heap bound log line' },
    );
  }

  test('bounds its own heap from its accounts, and stops cleanly on SIGTERM', async () => {
    const exporter = await ExporterProcess.start({ config });
    try {
      const bound = await boundLine(exporter);
      expect(bound.setBy).toBe('exporter');
      // heap_size_limit is the old space plus the young generation.
      expect(bound.heapLimitMb).toBeGreaterThanOrEqual(oldSpace(1));
      expect(bound.heapLimitMb).toBeLessThan(oldSpace(1) + 16);
      // SIGTERM is handled once it serves (before that, as ever, it ends the process at once).
      await exporter.waitForReady(30_000);
    } finally {
      expect(await exporter.stop()).toEqual({ code: 0, signal: null });
    }
  });

  test('keeps a bound given in NODE_OPTIONS', async () => {
    const exporter = await ExporterProcess.start({
      config,
      env: { NODE_OPTIONS: '--max-old-space-size=300' },
    });
    try {
      const bound = await boundLine(exporter);
      expect(bound.setBy).toBe('NODE_OPTIONS');
      expect(bound.heapLimitMb).toBeGreaterThanOrEqual(300);
    } finally {
      await exporter.stop();
    }
  });
});
