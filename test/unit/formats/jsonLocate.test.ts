import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineAndColumn, locateJsonError, locateValue } from '../../../src/core/formats/jsonLocate';

describe('locateJsonError', () => {
  const cases: [string, number, RegExp][] = [
    ['{"a":1,}', 7, /trailing comma before '}'/],
    ['[1,2,]', 5, /trailing comma before '\]'/],
    ['{"a":"x}', 5, /unterminated string/],
    ["{'a':1}", 1, /double quotes/],
    ['{"a":\u201cx\u201d}', 5, /typographic quotes/],
    ['{"a" 1}', 5, /expected ':' after the property name "a"/],
    ['{"a":1 "b":2}', 7, /expected ',' or '}' after the value of "a"/],
    ['{"a":1}}', 7, /after the end of the JSON value/],
    ['{"a":tru}', 5, /expected a value, found 'tru'/],
    ['{"a":"line\nbreak"}', 10, /unescaped control character in a string: write it as \\n/],
    ['{"a":"\\q"}', 6, /invalid escape \\q/],
    ['{"a":01}', 6, /after the value of "a"/],
    ['', 0, /no JSON value/],
    ['{"a":', 5, /ends where a value was expected/],
  ];
  for (const [text, offset, message] of cases) {
    it(`finds ${JSON.stringify(text)} invalid at offset ${offset}`, () => {
      assert.throws(() => JSON.parse(text) as unknown);
      const found = locateJsonError(text);
      assert.ok(found, 'an error is found');
      assert.equal(found.offset, offset);
      assert.match(found.message, message);
    });
  }

  it('accepts what JSON.parse accepts, U+2028 inside strings included', () => {
    for (const text of ['{"a":[1,2.5e-3,{"b":null}],"c":"\u2028\u2029"}', ' true ', '"\\u00e9\\n"', '[]', '{}', '-0.5']) {
      assert.doesNotThrow(() => JSON.parse(text) as unknown);
      assert.equal(locateJsonError(text), undefined, text);
    }
  });
});

describe('locateValue', () => {
  const text = '{"messages":[{"role":"user","content":"hi"},{"role":"user","content":"again"}],"id":7}';
  it('finds a nested value by its path', () => {
    assert.deepEqual(locateValue(text, ['messages', 1, 'role']), { offset: text.indexOf('"user"', 50), length: 6 });
    assert.deepEqual(locateValue(text, ['id']), { offset: text.length - 2, length: 1 });
  });
  it('returns undefined for a path that does not exist', () => {
    assert.equal(locateValue(text, ['messages', 5]), undefined);
    assert.equal(locateValue(text, ['nope']), undefined);
  });
});

describe('lineAndColumn', () => {
  it('counts lines and 1-based columns', () => {
    assert.deepEqual(lineAndColumn('ab\ncd\nef', 0), { line: 1, column: 1 });
    assert.deepEqual(lineAndColumn('ab\ncd\nef', 4), { line: 2, column: 2 });
    assert.deepEqual(lineAndColumn('ab\ncd\nef', 6), { line: 3, column: 1 });
  });
});
