/**
 * A small Dockerfile reader for the lint tests: enough of the syntax (continuations, comments,
 * stages, JSON/shell forms) to check the rules we care about without a Docker engine.
 */

export interface Instruction {
  readonly keyword: string;
  /** Everything after the keyword, continuations joined with a space. */
  readonly args: string;
  readonly line: number;
}

export interface Stage {
  readonly image: string;
  readonly name?: string;
  readonly index: number;
  readonly instructions: readonly Instruction[];
}

export function parseInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { parts: string[]; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    // Comment lines are dropped even inside a continuation, as Docker does.
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const continues = trimmed.endsWith('\\');
    const part = continues ? trimmed.slice(0, -1).trim() : trimmed;
    pending ??= { parts: [], line: i + 1 };
    pending.parts.push(part);
    if (continues) return;
    const joined = pending.parts.join(' ');
    const match = /^(\S+)\s*(.*)$/.exec(joined)!;
    instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!, line: pending.line });
    pending = undefined;
  });
  return instructions;
}

export function parseStages(text: string): Stage[] {
  const stages: { image: string; name?: string; index: number; instructions: Instruction[] }[] = [];
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--platform'));
      const asAt = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({
        image: words[0]!,
        ...(asAt >= 0 ? { name: words[asAt + 1]! } : {}),
        index: stages.length,
        instructions: [],
      });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

/** `--from=x --chown=y src dest` → { flags: { from: 'x', chown: 'y' }, words: ['src', 'dest'] } */
export function splitFlags(args: string): { flags: Record<string, string>; words: string[] } {
  const flags: Record<string, string> = {};
  const words: string[] = [];
  for (const word of args.split(/\s+/).filter(Boolean)) {
    const flag = /^--([\w-]+)(?:=(.*))?$/.exec(word);
    if (flag) flags[flag[1]!] = flag[2] ?? 'true';
    else words.push(word);
  }
  return { flags, words };
}

/** The array of an exec-form instruction, or undefined for shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.trim().startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `KEY=value KEY2="v 2"` pairs of LABEL / ENV, quotes removed. */
export function keyValues(args: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const m of args.matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|\S+)/g)) {
    const value = m[2]!;
    pairs.set(m[1]!, value.startsWith('"') ? value.slice(1, -1) : value);
  }
  return pairs;
}

/**
 * Whether `.dockerignore` patterns exclude `path` (relative to the context). Covers the subset
 * used here: exact names, `*`/`**` globs, a pattern matching a parent directory, `!` exceptions.
 */
export function isIgnored(patterns: readonly string[], path: string): boolean {
  const toRegex = (pattern: string): RegExp => {
    const body = pattern
      .replace(/^\/+|\/+$/g, '')
      .split('/')
      .map((segment) =>
        segment === '**'
          ? '.*'
          : segment
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')
              .replace(/\?/g, '[^/]'),
      )
      .join('/');
    return new RegExp(`^${body}(/.*)?$`);
  };
  let ignored = false;
  for (const raw of patterns) {
    const pattern = raw.trim();
    if (pattern === '' || pattern.startsWith('#')) continue;
    const negated = pattern.startsWith('!');
    if (toRegex(negated ? pattern.slice(1) : pattern).test(path)) ignored = !negated;
  }
  return ignored;
}
