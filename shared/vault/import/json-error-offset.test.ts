import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from './json-error-offset';

describe('jsonErrorOffset', () => {
  it('returns -1 for valid JSON, exactly when JSON.parse accepts it', () => {
    for (const text of ['{}', '[]', ' 1 ', '"a\\u00e9"', '{"a":[1,2,{"b":null}],"c":"x"}', '[[[]]]', '[{},{"x":[]}]', '-0.5e+3', 'true']) {
      expect([text, jsonErrorOffset(text)]).toEqual([text, -1]);
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  it('points at the first character that cannot continue, or the end when the text stops early', () => {
    const cases: [string, number][] = [
      ['{"a":1,}', 7], ['[1,]', 3], ['{"a" 1}', 5], ['[1 2]', 3], ['nope', 0], ['{}x', 2], ['{"a":tru}', 5],
      ['{\n  "items": [\n    nope\n  ]\n}', 19], ['"\\u12"', 0], ['{"a":1', 6], ['{"a":"abc', 9], ['[', 1], ['', 0],
    ];
    for (const [text, offset] of cases) {
      expect([text, jsonErrorOffset(text)]).toEqual([text, offset]);
      expect(() => JSON.parse(text)).toThrow();
    }
  });

  it('does not overflow the stack on deeply nested input', () => {
    expect(jsonErrorOffset('['.repeat(100_000))).toBe(100_000);
    expect(jsonErrorOffset(`${'['.repeat(50_000)}${']'.repeat(50_000)}`)).toBe(-1);
  });
});
