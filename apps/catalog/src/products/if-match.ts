import { AppException } from '@app/common';
import type { VersionCheck } from './products.repository';

/** The entity tags this API gives out are versions in quotes; W/ marks a weak one. */
const TAG = '(W/)?"([0-9]{1,10})"';
/**
 * If-Match (RFC 9110) as this API reads it: `*` or a comma-separated list of its entity tags.
 * The OpenAPI document publishes this pattern and the server parses with it, so the two accept
 * the same headers; anything else is a 400.
 */
export const IF_MATCH_PATTERN = `^(\\*|${TAG}(, ?${TAG})*)$`;
const IF_MATCH = new RegExp(IF_MATCH_PATTERN);
const EACH_TAG = new RegExp(TAG, 'g');

/** A header of the HTTP layer, so its error is too (not a rule of products). */
export const INVALID_IF_MATCH = 'PRODUCT.INVALID_IF_MATCH';

export class InvalidIfMatchError extends AppException {
  constructor() {
    super(400, INVALID_IF_MATCH, 'If-Match must be * or a list of entity tags such as "3"');
  }
}

/**
 * Absent or `*` lets any current version through; otherwise one of the listed tags must be
 * the version's strong tag (`"3"`; weak tags never match).
 */
export function versionCheckFor(ifMatch: string | undefined): VersionCheck {
  if (ifMatch === undefined) return () => true;
  const match = IF_MATCH.exec(ifMatch);
  if (!match) throw new InvalidIfMatchError();
  if (match[1] === '*') return () => true;
  const strong = new Set([...ifMatch.matchAll(EACH_TAG)].filter((tag) => !tag[1]).map((tag) => tag[2]));
  return (version) => strong.has(String(version));
}
