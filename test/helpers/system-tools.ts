/**
 * The system tools some suites run (Debian packages). A missing tool fails the suite that needs it
 * with the command that installs it; only `TEST_SKIP_MISSING_TOOLS=1` (which CI never sets) turns
 * that into a skip, and the skip is printed, so a green run never hides untested parts.
 */
import { spawnSync } from 'node:child_process';

export const SKIP_ENV = 'TEST_SKIP_MISSING_TOOLS';

export interface Tool {
  readonly command: string;
  readonly probe: readonly string[];
  /** The Debian package that provides it. */
  readonly pkg: string;
}

const TOOLS = {
  promtool: { command: process.env['PROMTOOL'] ?? 'promtool', probe: ['--version'], pkg: 'prometheus' },
  prometheus: { command: '/usr/bin/prometheus', probe: ['--version'], pkg: 'prometheus' },
  alertmanager: {
    command: '/usr/bin/prometheus-alertmanager',
    probe: ['--version'],
    pkg: 'prometheus-alertmanager',
  },
  amtool: { command: 'amtool', probe: ['--version'], pkg: 'prometheus-alertmanager' },
  chromium: { command: '/usr/bin/chromium', probe: ['--version'], pkg: 'chromium' },
  openssl: { command: 'openssl', probe: ['version'], pkg: 'openssl' },
  kubectl: { command: 'kubectl', probe: ['version', '--client'], pkg: 'kubernetes-client' },
} as const satisfies Record<string, Tool>;

export type ToolName = keyof typeof TOOLS;

/** Every Debian package the suites need (the README's test command and .ci/run install them). */
export const REQUIRED_PACKAGES: readonly string[] = [
  ...new Set(Object.values(TOOLS).map((tool: Tool) => tool.pkg)),
];

const found = new Map<string, boolean>();

function isInstalled(tool: Tool): boolean {
  const key = [tool.command, ...tool.probe].join(' ');
  let ok = found.get(key);
  if (ok === undefined) {
    ok = spawnSync(tool.command, [...tool.probe], { stdio: 'ignore', timeout: 20_000 }).status === 0;
    found.set(key, ok);
  }
  return ok;
}

/**
 * `tool`'s command. Missing: throws (failing the suite) with the install command, or, with the
 * opt-out set, prints what is skipped and returns undefined.
 */
export function checkTool(
  name: string,
  tool: Tool,
  needs: string,
  env: NodeJS.ProcessEnv = process.env,
  report: (line: string) => void = (line) => process.stderr.write(line),
): string | undefined {
  if (isInstalled(tool)) return tool.command;
  const install = `sudo apt-get install -y --no-install-recommends ${tool.pkg}`;
  if (env[SKIP_ENV] === '1') {
    report(`SKIPPED (${SKIP_ENV}=1): ${needs}, because ${name} is not installed (${install})\n`);
    return undefined;
  }
  throw new Error(
    `${name} is not installed, and ${needs} need it. Install it with: ${install}` +
      ` (or set ${SKIP_ENV}=1 to skip these tests; CI never does)`,
  );
}

/** The command of one of the tools the suites use; see `checkTool`. */
export function systemTool(name: ToolName, needs: string): string | undefined {
  return checkTool(name, TOOLS[name], needs);
}

/** `describe` when the tool is there, `describe.skip` when it is missing and skipping was asked for. */
export function describeWith(name: ToolName, needs: string): { run: jest.Describe; command: string } {
  const command = systemTool(name, needs);
  return { run: command === undefined ? describe.skip : describe, command: command ?? name };
}

/** `test` when the tool is there, `test.skip` when it is missing and skipping was asked for. */
export function testWith(name: ToolName, needs: string): { run: jest.It; command: string } {
  const command = systemTool(name, needs);
  return { run: command === undefined ? test.skip : test, command: command ?? name };
}

/**
 * Jest's `test`, `describe` and hooks for a file whose every test needs `names` (one tool or
 * several): the real ones when they are installed, skipping ones when one is missing and the
 * opt-out is set (throws otherwise). `command` is the (first) tool's. Shadow the globals with them:
 * `const { test, describe, beforeAll } = toolSuite(...)`.
 */
export function toolSuite(names: ToolName | readonly [ToolName, ...ToolName[]], needs: string) {
  const [first, ...rest] = typeof names === 'string' ? [names] : names;
  const command = systemTool(first, needs);
  const skip = [command, ...rest.map((name) => systemTool(name, needs))].includes(undefined);
  const noHook = (): void => undefined;
  return {
    command: command ?? first,
    test: skip ? test.skip : test,
    describe: skip ? describe.skip : describe,
    beforeAll: skip ? noHook : beforeAll,
    afterAll: skip ? noHook : afterAll,
  };
}
