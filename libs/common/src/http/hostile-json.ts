const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_JSON_DEPTH = 20;

/**
 * Why a parsed body is refused, or undefined. JSON.parse keeps "__proto__" as an own key and
 * an object may name "constructor" or "prototype": such keys have no business in a request,
 * so they are refused outright, as are absurdly deep bodies.
 */
export function hostileJsonProblem(value: unknown, depth = 0): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_JSON_DEPTH) return `Request body is nested deeper than ${MAX_JSON_DEPTH} levels`;
  for (const key of Object.keys(value)) {
    if (PROTOTYPE_KEYS.has(key)) return `Request body may not contain the key "${key}"`;
    const problem = hostileJsonProblem((value as Record<string, unknown>)[key], depth + 1);
    if (problem) return problem;
  }
  return undefined;
}
