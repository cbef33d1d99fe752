import type { z } from 'zod';

type AnySchema = z.core.$ZodType;
type Path = readonly PropertyKey[];

// Walks zod's definition objects (`_zod.def`, the documented surface for tooling) to find which
// keys a map accepts at a path, so "unknown key" can suggest the one nearest in spelling.

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let guard = 0; guard < 32; guard++) {
    const def = current._zod.def as {
      type: string;
      innerType?: AnySchema;
      getter?: () => AnySchema;
      in?: AnySchema;
    };
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'prefault') && def.innerType) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else if (def.type === 'lazy' && def.getter) {
      current = def.getter();
    } else {
      return current;
    }
  }
  return current;
}

function objectOptions(schema: AnySchema, input: unknown): AnySchema[] {
  const inner = unwrap(schema);
  const def = inner._zod.def as { type: string; options?: AnySchema[]; discriminator?: string };
  if (def.type !== 'union' || !def.options) return [inner];
  const objects = def.options.map(unwrap);
  if (def.discriminator && input !== null && typeof input === 'object') {
    const wanted = (input as Record<string, unknown>)[def.discriminator];
    const match = objects.find((option) => {
      const shape = (option._zod.def as { shape?: Record<string, AnySchema> }).shape;
      const literal = shape?.[def.discriminator!]?._zod.def as { values?: unknown[] } | undefined;
      return literal?.values?.includes(wanted) === true;
    });
    if (match) return [match];
  }
  return objects;
}

function child(schema: AnySchema, segment: PropertyKey, input: unknown): AnySchema | undefined {
  for (const option of objectOptions(schema, input)) {
    const def = option._zod.def as { type: string; shape?: Record<string, AnySchema>; element?: AnySchema };
    if (def.type === 'array' && typeof segment === 'number') return def.element;
    if (
      def.type === 'object' &&
      typeof segment === 'string' &&
      def.shape &&
      Object.hasOwn(def.shape, segment)
    ) {
      return def.shape[segment];
    }
  }
  return undefined;
}

/** The keys the map at `path` accepts (empty when the path does not lead to a map). */
export function keysAt(root: AnySchema, path: Path, input: unknown): string[] {
  let schema: AnySchema | undefined = root;
  let value = input;
  for (const segment of path) {
    if (!schema) return [];
    schema = child(schema, segment, value);
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<PropertyKey, unknown>)[segment]
        : undefined;
  }
  if (!schema) return [];
  const keys = new Set<string>();
  for (const option of objectOptions(schema, value)) {
    const shape = (option._zod.def as { shape?: Record<string, AnySchema> }).shape;
    for (const key of Object.keys(shape ?? {})) keys.add(key);
  }
  return [...keys];
}
