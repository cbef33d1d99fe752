/**
 * Parsing never throws, whatever JSON arrives: a field nested thousands of levels deep (which
 * JSON.parse accepts but JSON.stringify cannot write back) is one field issue with a bounded
 * description, and the other fields still count.
 */
import { describeValue, integer, parseFields, text } from '../../../src/tencentcloud/apis/fields.js';
import { parseEnvelope } from '../../../src/tencentcloud/envelope.js';

const CONTEXT = { account: 'a', service: 'tcss', action: 'DescribeAssetImageScanStatus' };

function nested(depth: number, inner = '1'): string {
  return `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
}

test.each([5_000, 100_000])('a field nested %d levels is an issue; the other fields stay', (depth) => {
  const body = Buffer.from(`{"Response":{"ImageTotal":${nested(depth)},"Status":"END","RequestId":"r"}}`);
  const response = parseEnvelope(200, body, CONTEXT);
  const parsed = parseFields(response, { ImageTotal: integer(), Status: text() }, CONTEXT);
  expect(parsed.value).toEqual({ Status: 'END' });
  expect(parsed.issues).toHaveLength(1);
  expect(parsed.issues[0]!.field).toBe('ImageTotal');
  expect(parsed.issues[0]!.problem.length).toBeLessThan(120);
});

test('describeValue is one short line for any value', () => {
  const deepObject = JSON.parse(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`);
  for (const value of [
    JSON.parse(nested(50_000)),
    deepObject,
    'x'.repeat(1e6),
    Array(1e5).fill(1),
    null,
    1.5,
  ]) {
    const description = describeValue(value);
    expect(description.length).toBeLessThan(80);
    expect(description).not.toContain('\n');
  }
});

test('an Error.Code nested deeply or of another shape is InvalidResponse, not a label', () => {
  for (const code of [nested(5_000, '"X"'), '"x y"', `"${'A'.repeat(65)}"`]) {
    const body = Buffer.from(`{"Response":{"Error":{"Code":${code},"Message":"m"},"RequestId":"r"}}`);
    expect(() => parseEnvelope(200, body, CONTEXT)).toThrow(
      expect.objectContaining({ code: 'InvalidResponse' }),
    );
  }
});
