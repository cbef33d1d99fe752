/**
 * Writes dist/build-info.json after `tsc`: the git revision and the build date, which
 * `--version` and `tencentcloud_scan_exporter_build_info` report, as Prometheus exporters do.
 *
 * Plain JavaScript so `npm run build` needs no compile step for it (and the Docker build stage
 * only copies this one file). BUILD_REVISION / BUILD_DATE override what git and the clock say:
 * the Docker build has no .git (pass --build-arg REVISION=$(git rev-parse HEAD)), and a
 * reproducible build can pin the date (SOURCE_DATE_EPOCH is honoured too). Outside a git
 * checkout, or without git installed, the revision is `unknown`; the build never fails for it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, process.argv[2] ?? 'dist', 'build-info.json');

function git(args) {
  try {
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    }).trim();
  } catch {
    return undefined;
  }
}

/** HEAD of this package's own checkout; an enclosing repository (an unpacked tarball inside one) does not count. */
function revision() {
  const top = git(['rev-parse', '--show-toplevel']);
  if (top === undefined || realpathSync(top) !== realpathSync(root)) return undefined;
  const head = git(['rev-parse', 'HEAD']);
  return head !== undefined && /^[0-9a-f]{40,64}$/.test(head) ? head : undefined;
}

function buildDate() {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const date = process.env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? new Date(epoch * 1000) : new Date();
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const info = {
  revision: process.env.BUILD_REVISION || revision() || 'unknown',
  build_date: process.env.BUILD_DATE || buildDate(),
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(info, null, 2)}\n`);
