import { InvalidIfMatchError } from '@app/domain';
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
