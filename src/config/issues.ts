import { z } from 'zod';
import { isObject, keyPathOf } from '../util/parsed-data.js';
import type { ConfigProblem } from './errors.js';
import { SECRET_KEYS } from './schema.js';
import { didYouMean } from './suggest.js';

type Path = readonly PropertyKey[];

/** Where a problem is; the whole document when the path is empty. */
function locate(path: Path): string {
  return keyPathOf(path) || '(top level)';
}

function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'a map';
    default:
      return typeof value;
  }
}

/**
 * The value as shown in a message. Secret keys (and anything that should have been a map or a
 * list, where a pasted secret could sit) are described by kind only.
 */
function render(value: unknown, masked: boolean): string {
  if (masked || value === null || typeof value === 'object') return kindOf(value);
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  return String(value);
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a map',
  array: 'a list',
};

/** Our default wording for zod's built-in checks (schema-level messages take precedence). */
export const issueWording: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got {value}`;
    case 'too_small':
      if (issue.origin === 'array' || issue.origin === 'string') return 'must not be empty';
      return `{value} must be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'string') return 'is too long';
      return `{value} must be ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `{value} is not one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'options' in issue && Array.isArray(issue.options)
        ? `{value} is not one of ${issue.options.map(String).join(', ')}`
        : 'has an invalid value';
    default:
      return '{value} is not valid';
  }
};

function isMasked(issue: z.core.$ZodIssue): boolean {
  if (issue.path.some((segment) => typeof segment === 'string' && SECRET_KEYS.has(segment))) return true;
  return issue.code === 'invalid_type' && (issue.expected === 'object' || issue.expected === 'array');
}

interface JsonSchema {
  readonly $ref?: string;
  readonly $defs?: Record<string, JsonSchema>;
  readonly properties?: Record<string, JsonSchema>;
  readonly items?: JsonSchema;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly const?: unknown;
}

/**
 * The keys a map at `path` accepts, for "did you mean" on unknown keys, read from the schema's
 * JSON Schema (zod's documented export) rather than from zod's internals. Where a union of maps
 * is told apart by a constant (`source: static`), the one the input chose is used.
 */
export function keysAt(schema: z.ZodType, path: Path, input: unknown): string[] {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const deref = (node: JsonSchema | undefined): JsonSchema | undefined =>
    node?.$ref === undefined ? node : root.$defs?.[node.$ref.replace('#/$defs/', '')];
  const options = (node: JsonSchema | undefined, value: unknown): JsonSchema[] => {
    const inner = deref(node);
    if (!inner) return [];
    const alternatives = (inner.oneOf ?? inner.anyOf)?.map(deref).filter((n) => n !== undefined);
    if (!alternatives) return [inner];
    const chosen = alternatives.filter((option) =>
      Object.entries(option.properties ?? {}).some(
        ([key, prop]) => prop.const !== undefined && isObject(value) && value[key] === prop.const,
      ),
    );
    return chosen.length > 0 ? chosen : alternatives;
  };
  let nodes = options(root, input);
  let value = input;
  for (const segment of path) {
    const next =
      isObject(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
    nodes = nodes.flatMap((node) =>
      options(typeof segment === 'number' ? node.items : node.properties?.[String(segment)], next),
    );
    value = next;
  }
  return [...new Set(nodes.flatMap((node) => Object.keys(node.properties ?? {})))];
}

/** The problems in a failed parse, keyed by YAML path, in schema order. */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  knownKeys: (path: Path) => readonly string[],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          keyPath: locate([...issue.path, key]),
          detail: `unknown key${didYouMean(key, knownKeys(issue.path))}`,
        });
      }
      continue;
    }
    const value = valueAt(input, issue.path);
    let detail: string;
    if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
      detail = 'is required';
      if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
        detail += ` (one of ${issue.options.map(String).join(', ')})`;
      }
    } else {
      detail = issue.message.replaceAll('{value}', render(value, isMasked(issue)));
      if (issue.code === 'invalid_type' && issue.expected === 'string' && typeof value !== 'object') {
        detail += '; quote it in YAML';
      }
    }
    problems.push({ keyPath: locate(issue.path), detail });
  }
  return problems;
}
