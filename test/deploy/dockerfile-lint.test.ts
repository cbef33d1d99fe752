import { readFileSync } from 'node:fs';
import { DEFAULT_LISTEN_ADDRESS } from '../../src/config/index.js';
import { lintDockerfile } from './lint-dockerfile.js';
import { isIgnored, parseInstructions } from './parse-dockerfile.js';

const root = new URL('../../', import.meta.url);
const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
const dockerignore = readFileSync(new URL('.dockerignore', root), 'utf8');
const port = Number(DEFAULT_LISTEN_ADDRESS.split(':').at(-1));

const GOOD = `
FROM node:24-bookworm-slim AS build
COPY package.json ./
RUN npm install && npm run build
FROM node:24-bookworm-slim
ENV NODE_ENV=production HEALTHCHECK_URL=http://127.0.0.1:9496/-/healthy
LABEL org.opencontainers.image.title=t org.opencontainers.image.description="d e" \\
      org.opencontainers.image.licenses=MIT org.opencontainers.image.source=s org.opencontainers.image.version=1 \\
      org.opencontainers.image.revision=abc
RUN npm install --omit=dev
COPY --from=build /app/dist ./dist
USER node
EXPOSE 9496
HEALTHCHECK CMD ["node", "-e", "fetch(process.env.HEALTHCHECK_URL)"]
ENTRYPOINT ["node", "dist/main.js"]
`;
const IGNORE = 'node_modules\n.git\n';

describe('the repository Dockerfile', () => {
  test('follows every rule', () => {
    expect(lintDockerfile({ dockerfile, dockerignore, port })).toEqual([]);
  });

  test('uses the current Node LTS slim image in every stage', () => {
    const froms = parseInstructions(dockerfile).filter((i) => i.keyword === 'FROM');
    expect(froms.map((i) => i.args.split(/\s+/)[0])).toEqual([
      'node:24-bookworm-slim',
      'node:24-bookworm-slim',
    ]);
  });

  test.each([
    'package.json',
    'package-lock.json',
    'src/main.ts',
    'tsconfig.build.json',
    'scripts/write-build-info.mjs',
    'docs/runbook.md',
  ])('.dockerignore keeps %s in the build context', (path) => {
    expect(isIgnored(dockerignore.split('\n'), path)).toBe(false);
  });

  test.each(['node_modules', '.git', 'dist', 'coverage', 'node_modules/x/index.js', 'debug.log'])(
    '.dockerignore excludes %s',
    (path) => {
      expect(isIgnored(dockerignore.split('\n'), path)).toBe(true);
    },
  );
});

describe('lintDockerfile', () => {
  test('accepts the minimal compliant sample', () => {
    expect(lintDockerfile({ dockerfile: GOOD, dockerignore: IGNORE, port: 9496 })).toEqual([]);
  });

  // Each row breaks one rule of the sample and names the problem that must be reported.
  test.each<[string, (d: string) => string, string]>([
    ['single stage', (d) => d.slice(d.indexOf('FROM node:24-bookworm-slim\n')), 'not multi-stage'],
    ['latest tag', (d) => d.replace('node:24-bookworm-slim AS', 'node:latest AS'), 'not pinned'],
    ['no tag', (d) => d.replace('node:24-bookworm-slim AS', 'node AS'), 'not pinned'],
    ['root user', (d) => d.replace('USER node', 'USER root'), 'is root'],
    ['no user', (d) => d.replace('USER node', ''), 'no USER'],
    ['no healthcheck', (d) => d.replace(/^HEALTHCHECK.*\n/m, ''), 'no HEALTHCHECK'],
    ['curl healthcheck', (d) => d.replace(/^HEALTHCHECK.*\n/m, 'HEALTHCHECK CMD curl -f x\n'), 'node -e'],
    ['wrong port', (d) => d.replace('EXPOSE 9496', 'EXPOSE 8080'), 'EXPOSE does not include 9496'],
    [
      'ADD url',
      (d) => d.replace('RUN npm install &&', 'ADD https://example.com/x.tgz /x\nRUN npm install &&'),
      'ADD of a URL',
    ],
    [
      'npm install of a named package',
      (d) => d.replace('npm install --omit=dev', 'npm install --omit=dev left-pad'),
      'not in the lockfile',
    ],
    ['unknown stage', (d) => d.replace('--from=build', '--from=builder'), 'not an earlier stage'],
    ['shell entrypoint', (d) => d.replace('["node", "dist/main.js"]', 'node dist/main.js'), 'exec form'],
    ['no NODE_ENV', (d) => d.replace('NODE_ENV=production', 'NODE_ENV=development'), 'NODE_ENV'],
    [
      'a fixed heap bound',
      (d) => d.replace('NODE_ENV=production', 'NODE_ENV=production NODE_OPTIONS=--max-old-space-size=192'),
      'fixes the V8 heap',
    ],
    ['no label', (d) => d.replace('org.opencontainers.image.revision=abc', ''), 'revision'],
  ])('reports %s', (_name, breakIt, problem) => {
    const problems = lintDockerfile({ dockerfile: breakIt(GOOD), dockerignore: IGNORE, port: 9496 });
    expect(problems.join('\n')).toContain(problem);
  });

  test.each([
    ['node_modules', '.git\n'],
    ['.git', 'node_modules\n'],
  ])('reports a .dockerignore that keeps %s', (path, ignore) => {
    const problems = lintDockerfile({ dockerfile: GOOD, dockerignore: ignore, port: 9496 });
    expect(problems).toContain(`.dockerignore does not exclude ${path}`);
  });

  test('reports a COPY of something .dockerignore excludes', () => {
    const problems = lintDockerfile({
      dockerfile: GOOD,
      dockerignore: `${IGNORE}package.json\n`,
      port: 9496,
    });
    expect(problems.join('\n')).toContain('"package.json" is excluded');
  });
});
