/**
 * `npm run test:unit` must stay fast and need nothing but Node: a test file that starts a process
 * or runs a system tool belongs to the `system` project (jest.config.js), and this fails when one
 * lands in `unit`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEST_ROOT = fileURLToPath(new URL('.', import.meta.url));
const { systemDirs: SYSTEM_DIRS, systemFiles: SYSTEM_FILES } = JSON.parse(
  readFileSync(join(TEST_ROOT, 'jest-projects.json'), 'utf8'),
) as { systemDirs: string[]; systemFiles: string[] };
/** What starting a process or a system tool looks like in a test file (coreutils' mkfifo is fine). */
const PROCESS_USE =
  /from '[./]+(helpers\/exporter-process|harness\/processes)\.js'|playwright-core|\b(systemTool|toolSuite|describeWith|testWith|makePki)\(|(?<![.\w])(spawn|spawnSync|exec|execSync|execFile|execFileSync|fork)\((?!'mkfifo')/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(TEST_ROOT, path)] : [];
  });
}

const SELF = 'jest-projects.test.ts';
const unitFiles = testFiles(TEST_ROOT).filter(
  (file) =>
    file !== SELF && !SYSTEM_DIRS.some((dir) => file.startsWith(`${dir}/`)) && !SYSTEM_FILES.includes(file),
);

test('there are unit tests, and every listed system file exists', () => {
  expect(unitFiles.length).toBeGreaterThan(50);
  const all = new Set(testFiles(TEST_ROOT));
  for (const file of SYSTEM_FILES) expect({ file, exists: all.has(file) }).toEqual({ file, exists: true });
});

test.each(unitFiles.map((file) => [file]))('%s starts no process and runs no system tool', (file) => {
  const text = readFileSync(join(TEST_ROOT, file), 'utf8');
  expect(text.match(PROCESS_USE)?.[0]).toBeUndefined();
});
