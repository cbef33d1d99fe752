/**
 * The real Exporter in its own process, configured from YAML through the real config loader (so
 * every default is the exporter's own), reporting rounds and memory to the driver over IPC.
 * argv[2]: path of the YAML file.
 */
import { readFile } from 'node:fs/promises';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pino } from 'pino';
import { DEFAULT_FLAGS, loadConfigText } from '../src/config/index.js';
import { Exporter } from '../src/exporter/exporter.js';
import type { ExporterCommand, ExporterEvent } from './lib/messages.js';

const send = (event: ExporterEvent): void => {
  process.send?.(event);
};

const started = performance.now();

// Bench-only: a full garbage collection on request, without a node flag (the exporter's own
// start-up must stay as users have it), to read the live heap.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function liveHeap(): number {
  gc();
  return getHeapStatistics().used_heap_size;
}
/** Node with every library of the exporter loaded (they are imported above), before any account. */
const baselineHeap = liveHeap();
const baselineRss = process.memoryUsage().rss;
const yamlPath = process.argv[2]!;
const config = await loadConfigText(
  await readFile(yamlPath, 'utf8'),
  process.env,
  { ...DEFAULT_FLAGS, listenAddress: '127.0.0.1:0', logLevel: 'debug' },
  yamlPath,
);

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Failed account rounds since the last finished round, per collector. */
const failures = new Map<string, number>();

// The scheduler logs each finished round at debug level; that line is the round's end.
const sink = {
  write(line: string): void {
    const entry = JSON.parse(line) as { msg?: string; collector?: string; seconds?: number; level?: number };
    const collector = entry.collector ?? '';
    if (entry.msg === 'collection failed') failures.set(collector, (failures.get(collector) ?? 0) + 1);
    else if (entry.msg === 'round finished') {
      const memory = process.memoryUsage();
      send({
        type: 'round',
        collector,
        seconds: entry.seconds ?? Number.NaN,
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        external: memory.external,
        cpuMs: cpuMs(),
        failures: failures.get(collector) ?? 0,
      });
      failures.set(collector, 0);
    } else if ((entry.level ?? 0) >= 50) {
      process.stderr.write(line);
    }
  },
};

const exporter = new Exporter({ config, log: pino({ level: 'debug' }, sink) });
await exporter.start();
send({ type: 'listening', url: exporter.url!, concurrency: config.global.concurrency });
void exporter.whenReady().then(() => send({ type: 'ready', seconds: (performance.now() - started) / 1000 }));

const stop = async (): Promise<void> => {
  await exporter.stop();
  process.exit(0);
};
process.on('message', (command: ExporterCommand) => {
  if (command.type === 'rss') send({ type: 'rss', id: command.id, rss: process.memoryUsage().rss });
  else if (command.type === 'heap') {
    const before = process.memoryUsage();
    const heap = liveHeap();
    const after = process.memoryUsage();
    const scan = exporter.store.piece();
    send({
      type: 'heap',
      id: command.id,
      heap: {
        liveHeap: heap,
        baselineHeap,
        baselineRss,
        rss: after.rss,
        buffersBefore: before.arrayBuffers,
        heapBefore: before.heapUsed,
        buffers: after.arrayBuffers,
        heapLimit: getHeapStatistics().heap_size_limit,
        series: exporter.store.seriesCount,
        scanText: scan.bytes().length,
        scanGzip: scan.deflated().deflated.length,
      },
    });
  } else if (command.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
