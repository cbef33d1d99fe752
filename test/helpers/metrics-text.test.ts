import { MetricsTextError, parseMetrics, sampleValue, select, seriesKey } from './metrics-text.js';

describe('parseMetrics', () => {
  test.each([
    ['a bare sample', 'up 1', [{ name: 'up', labels: {}, value: 1 }]],
    [
      'labels and a timestamp',
      'x{a="1",b="two"} 2.5 1700000000000',
      [{ name: 'x', labels: { a: '1', b: 'two' }, value: 2.5 }],
    ],
    [
      'escapes in label values',
      'x{a="q\\"uote",b="back\\\\slash",c="new\\nline"} 0',
      [{ name: 'x', labels: { a: 'q"uote', b: 'back\\slash', c: 'new\nline' }, value: 0 }],
    ],
    ['a trailing comma', 'x{a="1",} 3', [{ name: 'x', labels: { a: '1' }, value: 3 }]],
    [
      '+Inf in a label and as value',
      'h_bucket{le="+Inf"} +Inf',
      [{ name: 'h_bucket', labels: { le: '+Inf' }, value: Number.POSITIVE_INFINITY }],
    ],
    ["prom-client's Nan", 'lag Nan', [{ name: 'lag', labels: {}, value: Number.NaN }]],
    [
      'an OpenMetrics exemplar',
      'c_total{a="b"} 4 # {trace="t"} 1 1.5',
      [{ name: 'c_total', labels: { a: 'b' }, value: 4 }],
    ],
    [
      'comments, EOF and blank lines',
      '# HELP x h\n# TYPE x gauge\n\nx 1\n# EOF\n',
      [{ name: 'x', labels: {}, value: 1 }],
    ],
  ])('reads %s', (_, text, expected) => {
    expect(parseMetrics(text)).toEqual(expected);
  });

  test.each([
    ['no value', 'x{a="1"}'],
    ['an unterminated label value', 'x{a="1} 2'],
    ['a label without quotes', 'x{a=1} 2'],
    ['a duplicate label', 'x{a="1",a="2"} 2'],
    ['a word as value', 'x 12abc'],
  ])('rejects %s, naming the line', (_, text) => {
    expect(() => parseMetrics(`ok 1\n${text}`)).toThrow(MetricsTextError);
    expect(() => parseMetrics(`ok 1\n${text}`)).toThrow(/line 2/);
  });
});

describe('select, sampleValue and seriesKey', () => {
  const samples = parseMetrics('m{a="1",b="x"} 1\nm{a="2",b="x"} 2\nn 3');

  test('select matches a subset of labels', () => {
    expect(select(samples, 'm', { b: 'x' }).map((s) => s.value)).toEqual([1, 2]);
    expect(select(samples, 'm', { a: '2' }).map((s) => s.value)).toEqual([2]);
  });

  test('sampleValue wants exactly one match', () => {
    expect(sampleValue(samples, 'm', { a: '1' })).toBe(1);
    expect(() => sampleValue(samples, 'm')).toThrow(/found 2/);
    expect(() => sampleValue(samples, 'missing')).toThrow(/found 0/);
  });

  test('seriesKey ignores label order', () => {
    expect(seriesKey({ name: 'm', labels: { b: 'x', a: '1' } })).toBe(
      seriesKey({ name: 'm', labels: { a: '1', b: 'x' } }),
    );
  });
});
