const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_JSON_DEPTH = 20;
/** "\ud800" alone is valid JSON but no Unicode text: stored, it would come back as U+FFFD. */
const LONE_SURROGATE = 'Request body holds a lone UTF-16 surrogate (\\uD800–\\uDFFF unpaired), which is not text';

/**
 * Why a parsed body is refused, or undefined. JSON.parse keeps "__proto__" as an own key and
 * an object may name "constructor" or "prototype": such keys have no business in a request,
 * so they are refused outright, as are absurdly deep bodies.
 */
export function hostileJsonProblem(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return value.isWellFormed() ? undefined : LONE_SURROGATE;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_JSON_DEPTH) return `Request body is nested deeper than ${MAX_JSON_DEPTH} levels`;
  for (const key of Object.keys(value)) {
    if (PROTOTYPE_KEYS.has(key)) return `Request body may not contain the key "${key}"`;
    if (!key.isWellFormed()) return LONE_SURROGATE;
    const problem = hostileJsonProblem((value as Record<string, unknown>)[key], depth + 1);
    if (problem) return problem;
  }
  return undefined;
}
