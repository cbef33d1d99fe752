#!/usr/bin/env node
/**
 * Adds lockfile entries for per-platform optional packages that npm left out.
 *
 * Where the registry serves only this platform's builds (as on this project's machines), npm
 * writes package-lock.json without the other platforms' optional packages, and `npm ci` then
 * refuses the lockfile as out of sync. An entry with the package's `os`/`cpu`/`libc` lets
 * `npm ci` accept the lockfile and skip the package on other platforms without fetching it.
 * Run after `npm install` changed the lockfile: `node scripts/complete-lockfile.mjs`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const OSES = [
  'android',
  'darwin',
  'linux',
  'win32',
  'freebsd',
  'openharmony',
  'sunos',
  'aix',
  'netbsd',
  'openbsd',
];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'wasm32'];

export function platformOf(name) {
  const parts = name.split('/').at(-1).split('-');
  const os = OSES.find((o) => parts.includes(o));
  const cpu = CPUS.find((c) => parts.includes(c));
  const base = name.split('/').at(-1);
  const libc = base.includes('musl') ? 'musl' : os === 'linux' && base.includes('gnu') ? 'glibc' : undefined;
  return { os, cpu, libc };
}

/** The optional dependencies that have no entry of their own, with the entry each needs. */
export function missingOptionalEntries(lock) {
  const packages = lock.packages ?? {};
  const missing = [];
  for (const [key, meta] of Object.entries(packages)) {
    for (const [dep, range] of Object.entries(meta.optionalDependencies ?? {})) {
      const nested = `${key ? `${key}/` : ''}node_modules/${dep}`;
      if (packages[`node_modules/${dep}`] || packages[nested]) continue;
      const { os, cpu, libc } = platformOf(dep);
      if (!os && !cpu) continue;
      const entry = { version: range.replace(/^[\^~=]/, ''), optional: true };
      if (meta.dev) entry.dev = true;
      if (cpu) entry.cpu = [cpu];
      if (os) entry.os = [os];
      if (libc) entry.libc = [libc];
      missing.push([`node_modules/${dep}`, entry]);
    }
  }
  return missing;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = new URL('../package-lock.json', import.meta.url);
  const lock = JSON.parse(readFileSync(file, 'utf8'));
  const missing = missingOptionalEntries(lock);
  const entries = Object.entries({ ...lock.packages, ...Object.fromEntries(missing) });
  lock.packages = Object.fromEntries(
    entries.sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
  );
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(
    `added ${missing.length} lockfile entries${missing.length ? `: ${missing.map(([k]) => k.slice(13)).join(', ')}` : ''}`,
  );
}
