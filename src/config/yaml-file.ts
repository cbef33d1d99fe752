import { parseDocument } from 'yaml';
import { describeFileError, readSmallFile } from '../util/bounded-file.js';
import { configError } from './errors.js';

const FLAG = '--config.file';

// Our own wording per yaml error code: the library's messages can quote bits of the source
// (e.g. an escape sequence inside a secret), and nothing from the file's values may be printed.
const SYNTAX: Record<string, string> = {
  ALIAS_PROPS: 'an alias cannot have a tag or anchor',
  BAD_ALIAS: 'invalid alias',
  BAD_COLLECTION_TYPE: 'unexpected collection type',
  BAD_DIRECTIVE: 'invalid directive',
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted string',
  BAD_INDENT: 'bad indentation',
  BAD_PROP_ORDER: 'anchors and tags must come before the value',
  BAD_SCALAR_START: 'a plain value cannot start with this character; quote it',
  BLOCK_AS_IMPLICIT_KEY: 'a block cannot be a key; check the indentation',
  BLOCK_IN_FLOW: 'a block cannot sit inside a flow collection ([...] or {...})',
  DUPLICATE_KEY: 'the same key appears twice in one map',
  IMPOSSIBLE: 'the document cannot be parsed',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
  MISSING_CHAR: 'a closing quote, bracket or ": value" is missing',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line',
  MULTIPLE_ANCHORS: 'a value has more than one anchor',
  MULTIPLE_DOCS: 'the file holds more than one YAML document',
  MULTIPLE_TAGS: 'a value has more than one tag',
  NON_STRING_KEY: 'keys must be strings',
  TAB_AS_INDENT: 'tabs cannot be used for indentation',
  TAG_RESOLVE_FAILED: 'unknown tag',
  UNEXPECTED_TOKEN: 'unexpected token',
};

/**
 * Parses one YAML document into plain data; syntax errors name the line and column. The core
 * schema without the library's extra tags: `!!binary`, `!!set`, `!!timestamp`... would turn
 * config values into Buffers, Sets or Dates, which nothing here expects, so they are errors.
 */
export function parseYaml(text: string, source: string): unknown {
  const doc = parseDocument(text, {
    prettyErrors: true,
    uniqueKeys: true,
    schema: 'core',
    resolveKnownTags: false,
  });
  const first = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (first) {
    const at = first.linePos?.[0];
    const where = at ? `${source} line ${at.line}, column ${at.col}` : source;
    throw configError(FLAG, `${where}: YAML syntax error: ${SYNTAX[first.code] ?? 'invalid YAML'}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Unresolved (*name without &name) or exponentially expanding aliases.
    const why =
      error instanceof ReferenceError
        ? 'an alias is undefined or expands too much'
        : 'the document cannot be read';
    throw configError(FLAG, `${source}: ${why}`);
  }
}

/** Far beyond any real config (thousands of accounts), far below what would strain memory. */
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/**
 * Reads and parses the config file; unreadable files are a `--config.file` error. A FIFO, a
 * device or a stuck mount is refused rather than waited for (reload must never hang on it).
 */
export async function readYamlFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readSmallFile(path, { maxBytes: MAX_CONFIG_BYTES });
  } catch (error) {
    throw configError(FLAG, describeFileError(error, path));
  }
  return parseYaml(text, path);
}
