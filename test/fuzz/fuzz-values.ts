/** Arbitraries for values that may stand in for an API field or a whole response. */
import fc from 'fast-check';

/**
 * Numbers written as strings, as official examples answer some numeric fields: plain decimals
 * (taken) next to the near misses a parser must refuse (sign, exponent, hex, spaces, separators,
 * beyond 2^53).
 */
const numericText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -5, max: 200 }).map(String),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String),
  fc.double({ min: -1, max: 101, noNaN: true }).map(String),
  fc.stringMatching(/^-?\d{1,20}(\.\d{0,3})?$/),
  fc
    .tuple(
      fc.constantFrom(' ', '+', '-', '0x', '\t', ''),
      fc.integer({ min: 0, max: 200 }),
      fc.constantFrom('', ' ', 'e3', ',000', '.', '\n'),
    )
    .map(([before, n, after]) => `${before}${n}${after}`),
  fc.constantFrom(
    '12',
    '-5',
    '47.5',
    '100',
    '101',
    '007',
    '-0',
    '0.0',
    '.5',
    '5.',
    '+1',
    '1e3',
    '0x10',
    'Infinity',
    'NaN',
    '1,000',
    ' 12',
    '12 ',
    '9007199254740991',
    '9007199254740993',
    '１２',
  ),
);

/** JSON-ish values with the shapes a confused API sends: digit strings, floats, huge numbers, nesting. */
export const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.integer({ min: -5, max: 200 }),
  numericText,
  numericText,
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
