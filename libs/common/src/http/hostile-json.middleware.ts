import type { NextFunction, Request, Response } from 'express';
import { AppException } from '../errors/app.exception';
import { CommonErrorCode } from '../errors/error-codes';

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_JSON_DEPTH = 20;

function findProblem(value: unknown, depth: number): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_JSON_DEPTH) return `Request body is nested deeper than ${MAX_JSON_DEPTH} levels`;
  for (const key of Object.keys(value)) {
    if (PROTOTYPE_KEYS.has(key)) return `Request body may not contain the key "${key}"`;
    const problem = findProblem((value as Record<string, unknown>)[key], depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * JSON.parse keeps "__proto__" as an own key, which class-transformer then drops silently;
 * such bodies (and absurdly deep ones) are refused outright instead.
 */
export function hostileJsonMiddleware(request: Request, _response: Response, next: NextFunction): void {
  const problem = findProblem(request.body, 0);
  next(problem ? new AppException(400, CommonErrorCode.BAD_REQUEST, problem) : undefined);
}
