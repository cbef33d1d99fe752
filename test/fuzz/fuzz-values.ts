/** Arbitraries for values that may stand in for an API field or a whole response. */
import fc from 'fast-check';

/** JSON-ish values with the shapes a confused API sends: digit strings, floats, huge numbers, nesting. */
export const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.integer({ min: -5, max: 200 }),
  fc.constantFrom(
    0,
    -1,
    100,
    101,
    1.5,
    2 ** 53,
    2 ** 64,
    1e308,
    -0,
    '12',
    '',
    'null',
    '2024-05-01 12:00:00',
    '2024-13-01 12:00:00',
    '2024-05-01T12:00:00Z',
    true,
    false,
    null,
    [],
    {},
    ['1', 2, '18446744073709551616'],
    [1.5],
  ),
  fc.double(),
  fc.string({ maxLength: 20 }),
);

/** A whole response: anything JSON can hold, biased towards objects. */
export const responseValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.string({ maxLength: 12 }), fieldValue, { maxKeys: 8 }),
);
