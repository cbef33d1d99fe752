/**
 * Which build is running: `npm run build` records the git revision and the build date
 * (scripts/write-build-info.mjs), and `--version` and `tencentcloud_scan_exporter_build_info`
 * report them, with `unknown` where they cannot be known.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBuildInfo, UNKNOWN_BUILD, VERSION, versionText } from '../../src/exporter/version.js';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';
import { ExporterProcess, runExporter, select } from '../helpers/exporter-process.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(repo, 'scripts', 'write-build-info.mjs');
const ISO_SECOND = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** Runs the build-info script as a copy under `root` (so `root` is the package it describes). */
function writeBuildInfo(root: string, env: Record<string, string> = {}): Record<string, string> {
  mkdirSync(join(root, 'scripts'), { recursive: true });
  copyFileSync(SCRIPT, join(root, 'scripts', 'write-build-info.mjs'));
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !['BUILD_REVISION', 'BUILD_DATE', 'SOURCE_DATE_EPOCH'].includes(k),
    ),
  );
  execFileSync(process.execPath, [join(root, 'scripts', 'write-build-info.mjs')], {
    cwd: root,
    env: { ...clean, ...env },
    timeout: 20_000,
  });
  return JSON.parse(readFileSync(join(root, 'dist', 'build-info.json'), 'utf8'));
}

describe('scripts/write-build-info.mjs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'build-info-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('outside a git checkout the revision is unknown and the date is the build time', () => {
    const info = writeBuildInfo(dir);
    expect(info['revision']).toBe('unknown');
    expect(info['build_date']).toMatch(ISO_SECOND);
  });

  test('in a git checkout it records HEAD', () => {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8', timeout: 20_000 }).trim();
    git('init', '-q');
    git(
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.invalid',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'x',
    );
    expect(writeBuildInfo(dir)['revision']).toBe(git('rev-parse', 'HEAD'));
  });

  test("a package unpacked inside another repository does not take that repository's HEAD", () => {
    execFileSync('git', ['init', '-q'], { cwd: dir, timeout: 20_000 });
    expect(writeBuildInfo(join(dir, 'unpacked'))['revision']).toBe('unknown');
  });

  test('BUILD_REVISION, BUILD_DATE and SOURCE_DATE_EPOCH override git and the clock (Docker build args)', () => {
    expect(writeBuildInfo(dir, { BUILD_REVISION: 'abc123', BUILD_DATE: '2026-01-02T03:04:05Z' })).toEqual({
      revision: 'abc123',
      build_date: '2026-01-02T03:04:05Z',
    });
    expect(writeBuildInfo(dir, { SOURCE_DATE_EPOCH: '1700000000' })['build_date']).toBe(
      '2023-11-14T22:13:20Z',
    );
  });
});

describe('parseBuildInfo', () => {
  test('reads revision and build_date', () => {
    expect(parseBuildInfo('{"revision":"0123abc","build_date":"2026-11-30T05:00:00Z"}')).toEqual({
      revision: '0123abc',
      buildDate: '2026-11-30T05:00:00Z',
    });
  });

  test.each([
    ['not JSON', '{'],
    ['null', 'null'],
    ['wrong types', '{"revision":1,"build_date":false}'],
    ['label-breaking text', '{"revision":"a\\"b","build_date":"x\\ny"}'],
    ['an overlong value', `{"revision":"${'a'.repeat(65)}","build_date":""}`],
  ])('gives unknown for %s', (_what, text) => {
    expect(parseBuildInfo(text)).toEqual(UNKNOWN_BUILD);
  });
});

test('the version text names version, revision, build date and Node', () => {
  const text = versionText({ revision: 'f00d', buildDate: '2026-11-30T05:00:00Z' });
  expect(text).toBe(
    `tencentcloud-scan-exporter, version ${VERSION} (revision: f00d)\n` +
      '  build date:   2026-11-30T05:00:00Z\n' +
      `  node version: ${process.version}\n`,
  );
});

test('build_info carries version, revision, build_date and nodejs_version', async () => {
  const text = await new SelfMetrics('1.2.3', {
    revision: 'f00d',
    buildDate: '2026-11-30T05:00:00Z',
  }).prometheus.metrics();
  expect(text).toContain(
    `tencentcloud_scan_exporter_build_info{version="1.2.3",revision="f00d",build_date="2026-11-30T05:00:00Z",nodejs_version="${process.version}"} 1`,
  );
});

describe('the built exporter', () => {
  const built = JSON.parse(readFileSync(join(repo, 'dist', 'build-info.json'), 'utf8')) as Record<
    string,
    string
  >;

  test('was built with a revision from git (this is a checkout) and a build date', () => {
    expect(built['revision']).toMatch(/^[0-9a-f]{40}$/);
    expect(built['build_date']).toMatch(ISO_SECOND);
  });

  test('--version prints them', async () => {
    const result = await runExporter(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      versionText({ revision: built['revision']!, buildDate: built['build_date']! }),
    );
  });

  test('build_info on /metrics carries them', async () => {
    const exporter = await ExporterProcess.start({ args: ['--demo'] });
    try {
      await exporter.waitForReady();
      const [info, ...rest] = select(await exporter.samples(), 'tencentcloud_scan_exporter_build_info');
      expect(rest).toEqual([]);
      expect(info?.labels).toEqual({
        version: VERSION,
        revision: built['revision'],
        build_date: built['build_date'],
        nodejs_version: process.version,
      });
      expect(info?.value).toBe(1);
    } finally {
      await exporter.stop();
    }
  }, 60_000);
});
