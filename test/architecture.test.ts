/**
 * Dependencies point one way: `main`/`exporter` wire config, client, collectors, metrics and
 * server together; the parts below never reach back up or sideways. Read from the sources'
 * import lines, so a new import that breaks the layering fails here, not in a later review.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(new URL('../src', import.meta.url).pathname);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Top-level folder under src/ of every relative import of `file` (`main.ts` counts as `main`),
 * with `type:` in front where the import brings in types only (erased at build time).
 */
function importedAreas(file: string): Set<string> {
  const text = readFileSync(file, 'utf8');
  const areas = new Set<string>();
  for (const m of text.matchAll(/(?:^|\n)\s*(import type|import|export)[^'"]*?from\s+'(\.[^']+)'/g)) {
    const target = relative(SRC, resolve(dirname(file), m[2]!));
    const area = target.includes('/') ? target.split('/')[0]! : target.replace(/\.js$/, '');
    areas.add(m[1] === 'import type' ? `type:${area}` : area);
  }
  return areas;
}

/**
 * What each part may import besides itself (`util` and `api-models` are shared leaves). The
 * credential factory takes the validated config's `credentials` block, as a type only.
 */
const ALLOWED: Record<string, readonly string[]> = {
  tencentcloud: ['util', 'api-models', 'type:config'],
  metrics: ['util'],
  simulator: ['api-models'],
  'api-models': [],
  util: [],
  server: ['metrics', 'util'],
  collectors: ['tencentcloud', 'metrics', 'util', 'api-models'],
};

const areas = new Map<string, string[]>();
for (const file of sourceFiles(SRC)) {
  const rel = relative(SRC, file);
  const area = rel.includes('/') ? rel.split('/')[0]! : 'main';
  areas.set(area, [...(areas.get(area) ?? []), file]);
}

test.each(Object.entries(ALLOWED))('src/%s imports only %j besides itself', (area, allowed) => {
  const files = areas.get(area) ?? [];
  expect(files.length).toBeGreaterThan(0);
  const offending = files.flatMap((file) =>
    [...importedAreas(file)]
      .filter((to) => to !== area && to !== `type:${area}` && !allowed.includes(to))
      .filter((to) => !(to.startsWith('type:') && allowed.includes(to.slice(5))))
      .map((to) => `${relative(SRC, file)} → ${to}`),
  );
  expect(offending).toEqual([]);
});
