/**
 * `npm run bench`: every benchmark in turn, a summary table, and bench/results/latest.{json,md}.
 * `node dist-bench/bench/run-all.js scrape memory` runs only the named ones (results are then
 * written to bench/results/partial.*, so the committed latest.* stay a full run).
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectionBench } from './collection.js';
import { detailBench } from './detail.js';
import { growthBench } from './growth.js';
import { BENCH_DIR } from './lib/children.js';
import { consoleTable, type Figure, markdownTable, results, writeResults } from './lib/report.js';
import { memoryBench } from './memory.js';
import { scrapeBench } from './scrape.js';
import { startupBench } from './startup.js';

const REPO = join(BENCH_DIR, '..', '..');
// The compiled src/ reads its version from two levels up, as dist/ does from the repository root.
copyFileSync(join(REPO, 'package.json'), join(REPO, 'dist-bench', 'package.json'));

const BENCHES: Record<string, () => Promise<Figure[]>> = {
  startup: () => startupBench(10, 3),
  scrape: () => scrapeBench({ seconds: 5, repeats: 2 }),
  collection: () => collectionBench(),
  detail: () => detailBench(),
  memory: () => memoryBench({ accounts: 1000, afterSeconds: 60 }),
  growth: () => growthBench({ sizes: [10, 100, 1000], rounds: 4 }),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const selected = wanted.length > 0 ? wanted : Object.keys(BENCHES);

const started = performance.now();
const figures: Figure[] = [];
let failed = false;
for (const name of selected) {
  const bench = BENCHES[name]!;
  const benchStarted = performance.now();
  try {
    figures.push(...(await bench()));
  } catch (error) {
    failed = true;
    console.error(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
  }
  console.log(`  (${name}: ${((performance.now() - benchStarted) / 1000).toFixed(0)} s)\n`);
}
const seconds = (performance.now() - started) / 1000;

console.log(consoleTable(figures));
console.log(`\nMarkdown for README (between <!-- bench:start --> and <!-- bench:end -->):\n`);
console.log(markdownTable(figures));
const name = wanted.length > 0 ? 'partial' : 'latest';
const dir = join(REPO, 'bench', 'results');
await writeResults(join(dir, `${name}.json`), join(dir, `${name}.md`), results(figures, seconds));
console.log(
  `\nwritten: bench/results/${name}.json, bench/results/${name}.md (${seconds.toFixed(0)} s in all)`,
);
const missed = figures.filter((f) => f.met === false).length;
console.log(missed === 0 ? 'every goal met' : `${missed} goal(s) missed`);
process.exit(failed ? 1 : 0);
