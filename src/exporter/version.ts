import { readFileSync } from 'node:fs';

/** The package version; src/exporter and dist/exporter are both two levels below package.json. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Which build this is, for `--version` and the `build_info` metric. */
export interface BuildInfo {
  /** The git commit it was built from, or `unknown`. */
  readonly revision: string;
  /** When it was built (ISO 8601, UTC), or `unknown`. */
  readonly buildDate: string;
}

export const UNKNOWN_BUILD: BuildInfo = Object.freeze({ revision: 'unknown', buildDate: 'unknown' });

/** A label-safe value: printable ASCII without spaces or quotes, short. */
const SAFE = /^[\x21\x23-\x7e]{1,64}$/;

/** Parses the build-info.json that `npm run build` writes (scripts/write-build-info.mjs). */
export function parseBuildInfo(text: string): BuildInfo {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return UNKNOWN_BUILD;
  }
  const field = (key: string): string => {
    const value = (data as Record<string, unknown> | null)?.[key];
    return typeof value === 'string' && SAFE.test(value) ? value : 'unknown';
  };
  return Object.freeze({ revision: field('revision'), buildDate: field('build_date') });
}

function readBuildInfo(): BuildInfo {
  try {
    // dist/build-info.json next to dist/exporter/; from src/ (ts-jest) there is none.
    return parseBuildInfo(readFileSync(new URL('../build-info.json', import.meta.url), 'utf8'));
  } catch {
    return UNKNOWN_BUILD;
  }
}

export const BUILD_INFO: BuildInfo = readBuildInfo();

/** The `--version` text, in the layout of the Prometheus exporters. */
export function versionText(build: BuildInfo = BUILD_INFO): string {
  return [
    `tencentcloud-scan-exporter, version ${VERSION} (revision: ${build.revision})`,
    `  build date:   ${build.buildDate}`,
    `  node version: ${process.version}`,
    '',
  ].join('\n');
}
