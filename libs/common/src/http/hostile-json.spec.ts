import { hostileJsonProblem, MAX_JSON_DEPTH } from './hostile-json';

const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { child: nested(depth - 1) });

describe('hostileJsonProblem', () => {
  it('lets ordinary bodies through', () => {
    expect(hostileJsonProblem({ orderitems: [{ name: 'a', quantity: 1 }] })).toBeUndefined();
    expect(hostileJsonProblem(undefined)).toBeUndefined();
    expect(hostileJsonProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a %s key at any depth', (key) => {
    const body = JSON.parse(`{"items":[{"${key}":{"admin":true}}]}`);
    expect(hostileJsonProblem(body)).toContain(key);
  });

  it('refuses a lone surrogate in a value or a key, and keeps a pair', () => {
    expect(hostileJsonProblem(JSON.parse('{"name":"beans \\ud800"}'))).toContain('lone UTF-16 surrogate');
    expect(hostileJsonProblem(JSON.parse('{"\\udc00":1}'))).toContain('lone UTF-16 surrogate');
    expect(hostileJsonProblem(JSON.parse('{"name":["\\ud83d\\ude00"]}'))).toBeUndefined();
  });

  it('refuses bodies nested too deep', () => {
    expect(hostileJsonProblem(nested(MAX_JSON_DEPTH + 2))).toContain('nested deeper');
  });
});
