/**
 * The project's Dockerfile rules as one function returning every violation, so the test can
 * show both that the real Dockerfile is clean and that each rule actually fires.
 */
import { execForm, isIgnored, keyValues, parseStages, splitFlags } from './parse-dockerfile.js';

export interface LintInput {
  readonly dockerfile: string;
  readonly dockerignore: string;
  /** The exporter's default port, which EXPOSE and the health check must use. */
  readonly port: number;
}

const REQUIRED_LABELS = [
  'org.opencontainers.image.title',
  'org.opencontainers.image.description',
  'org.opencontainers.image.licenses',
  'org.opencontainers.image.source',
  'org.opencontainers.image.version',
  'org.opencontainers.image.revision',
];

export function lintDockerfile({ dockerfile, dockerignore, port }: LintInput): string[] {
  const problems: string[] = [];
  const stages = parseStages(dockerfile);
  const ignorePatterns = dockerignore.split(/\r?\n/);
  if (stages.length < 2) problems.push('not multi-stage: expected a build and a runtime stage');

  const stageNames = new Set<string>();
  for (const stage of stages) {
    const isEarlierStage = stageNames.has(stage.image);
    const tag = /^[^@]+:([^/:@]+)$/.exec(stage.image)?.[1];
    const digest = stage.image.includes('@sha256:');
    if (!isEarlierStage && !digest && (tag === undefined || tag === 'latest')) {
      problems.push(`stage ${stage.index}: base image "${stage.image}" is not pinned to a tag`);
    }
    if (!isEarlierStage && stage.image.includes('$')) {
      problems.push(`stage ${stage.index}: base image "${stage.image}" comes from a build arg`);
    }

    for (const { keyword, args, line } of stage.instructions) {
      if (keyword === 'ADD' && /\bhttps?:\/\//i.test(args)) problems.push(`line ${line}: ADD of a URL`);
      // Naming a package would install one the lockfile does not hold.
      if (keyword === 'RUN' && /\bnpm\s+(install|i)((\s+--?[\w=-]+)*)\s+[^-\s&|;]/.test(args)) {
        problems.push(`line ${line}: npm install of a package not in the lockfile`);
      }
      if (keyword === 'RUN' && /\b(curl|wget)\b/.test(args)) problems.push(`line ${line}: curl/wget`);
      if (keyword === 'COPY' || keyword === 'ADD') {
        const { flags, words } = splitFlags(args);
        const sources = words.slice(0, -1);
        if (flags['from'] !== undefined) {
          const from = flags['from'];
          const byIndex = /^\d+$/.test(from) && Number(from) < stage.index;
          if (!stageNames.has(from) && !byIndex) {
            problems.push(`line ${line}: COPY --from=${from} is not an earlier stage`);
          }
        } else {
          for (const source of sources.filter((s) => !s.includes('$'))) {
            const path = source.replace(/^\.\/?/, '') || '.';
            if (path !== '.' && isIgnored(ignorePatterns, path)) {
              problems.push(`line ${line}: COPY source "${source}" is excluded by .dockerignore`);
            }
          }
        }
      }
    }
    if (stage.name !== undefined) stageNames.add(stage.name);
  }

  const runtime = stages.at(-1);
  if (runtime) {
    const all = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword);
    const user = all('USER').at(-1)?.args.split(':')[0]?.trim();
    if (user === undefined) problems.push('runtime stage: no USER');
    else if (user === 'root' || user === '0') problems.push(`runtime stage: USER ${user} is root`);

    const exposed = all('EXPOSE').flatMap((i) => i.args.split(/\s+/).map((p) => p.replace(/\/tcp$/, '')));
    if (!exposed.includes(String(port))) problems.push(`runtime stage: EXPOSE does not include ${port}`);

    const healthcheck = all('HEALTHCHECK').at(-1)?.args;
    if (healthcheck === undefined) problems.push('runtime stage: no HEALTHCHECK');
    else {
      const command = execForm(healthcheck.replace(/^.*?\bCMD\s+/, ''));
      if (command?.[0] !== 'node' || command[1] !== '-e' || !command[2]?.includes('fetch(')) {
        problems.push('runtime stage: HEALTHCHECK is not an exec-form `node -e` fetch');
      }
      const env = new Map(all('ENV').flatMap((i) => [...keyValues(i.args)]));
      const target = `${healthcheck} ${[...env.values()].join(' ')}`;
      if (!target.includes(`:${port}/-/healthy`)) {
        problems.push(`runtime stage: HEALTHCHECK does not probe :${port}/-/healthy`);
      }
    }

    const env = new Map(all('ENV').flatMap((i) => [...keyValues(i.args)]));
    if (env.get('NODE_ENV') !== 'production') problems.push('runtime stage: NODE_ENV is not production');
    // The exporter sizes its heap from its accounts; a fixed bound here would override that.
    if (/--max[-_](old[-_]space|heap|semi[-_]space)[-_]size/.test(env.get('NODE_OPTIONS') ?? '')) {
      problems.push('runtime stage: NODE_OPTIONS fixes the V8 heap the exporter sizes itself');
    }

    const entrypoint = all('ENTRYPOINT').at(-1)?.args;
    const entry = entrypoint === undefined ? undefined : execForm(entrypoint);
    if (entry === undefined) problems.push('runtime stage: ENTRYPOINT missing or not in exec form');
    else if (entry.join(' ') !== 'node dist/main.js') {
      problems.push(`runtime stage: ENTRYPOINT ${JSON.stringify(entry)} is not node dist/main.js`);
    }

    const runs = all('RUN').map((i) => i.args);
    if (!runs.some((r) => /\bnpm (ci|install)\b.*--omit=dev/.test(r))) {
      problems.push('runtime stage: production dependencies not installed with --omit=dev');
    }

    const labels = new Map(all('LABEL').flatMap((i) => [...keyValues(i.args)]));
    for (const label of REQUIRED_LABELS) {
      if (!labels.get(label)) problems.push(`runtime stage: missing label ${label}`);
    }
  }

  for (const required of ['node_modules', '.git']) {
    if (!isIgnored(ignorePatterns, required)) problems.push(`.dockerignore does not exclude ${required}`);
  }
  return problems;
}
