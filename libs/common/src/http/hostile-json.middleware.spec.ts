import type { Request, Response } from 'express';
import { AppException } from '../errors/app.exception';
import { hostileJsonMiddleware, MAX_JSON_DEPTH } from './hostile-json.middleware';

function run(body: unknown): unknown {
  let passed: unknown = 'not called';
  hostileJsonMiddleware({ body } as Request, {} as Response, (error?: unknown) => {
    passed = error;
  });
  return passed;
}

const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { child: nested(depth - 1) });

describe('hostileJsonMiddleware', () => {
  it('lets ordinary bodies through', () => {
    expect(run({ orderitems: [{ name: 'a', quantity: 1 }] })).toBeUndefined();
    expect(run(undefined)).toBeUndefined();
    expect(run(nested(MAX_JSON_DEPTH))).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a %s key at any depth', (key) => {
    const body = JSON.parse(`{"items":[{"${key}":{"admin":true}}]}`);
    const error = run(body);
    expect(error).toBeInstanceOf(AppException);
    expect((error as AppException).getStatus()).toBe(400);
    expect((error as AppException).message).toContain(key);
  });

  it('refuses bodies nested too deep', () => {
    expect((run(nested(MAX_JSON_DEPTH + 2)) as AppException).message).toContain('nested deeper');
  });
});
