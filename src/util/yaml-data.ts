import { parseDocument } from 'yaml';

/**
 * Thrown by `parseYamlData` when a document is not YAML, or its aliases cannot be expanded.
 * `reason` is our own wording and `line`/`column` say where: nothing from the file is quoted, as
 * the config file holds secrets and the web config file password hashes.
 */
export class YamlDataError extends Error {
  override readonly name = 'YamlDataError';

  constructor(
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? reason : `line ${line}, column ${column}: ${reason}`);
  }
}

// Our own wording per yaml error code: the library's messages can quote bits of the source
// (e.g. an escape sequence inside a secret).
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
 * One YAML document as plain data (an empty document is `null`). The core schema without the
 * library's extra tags: `!!binary`, `!!set`, `!!timestamp`... would turn values into Buffers,
 * Sets or Dates, which no config reader expects, so they are errors; so are duplicate keys and
 * aliases that expand beyond 100 nodes (a "billion laughs" document).
 */
export function parseYamlData(text: string): unknown {
  const doc = parseDocument(text, {
    prettyErrors: true,
    uniqueKeys: true,
    schema: 'core',
    resolveKnownTags: false,
  });
  const first = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (first) {
    const at = first.linePos?.[0];
    throw new YamlDataError(`YAML syntax error: ${SYNTAX[first.code] ?? 'invalid YAML'}`, at?.line, at?.col);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Unresolved (*name without &name) or exponentially expanding aliases.
    throw new YamlDataError(
      error instanceof ReferenceError
        ? 'an alias is undefined or expands too much'
        : 'the document cannot be read',
    );
  }
}
