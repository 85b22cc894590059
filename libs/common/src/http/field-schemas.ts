import { Type } from '@sinclair/typebox';

/**
 * Stored text may hold no C0/C1 control character: PostgreSQL's JSONB (under FerretDB) and
 * text columns refuse "\u0000" outright, and the others are never meant in a name (lone
 * surrogates are refused for every string by the JSON parser). Both rules are unanchored
 * searches, which Ajv (JavaScript) and schemathesis (Python) read alike; `\s` and `$` they do not.
 */
export const CONTROL_CHARACTER = '[\\u0000-\\u001F\\u007F-\\u009F]';
/** As CONTROL_CHARACTER, but line breaks and tabs are text in a description. */
export const CONTROL_CHARACTER_BUT_LINE_BREAKS = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]';
/** At least one character that is neither a space, a no-break space nor a control character. */
export const NON_BLANK = '[^ \\u00A0\\u0000-\\u001F\\u007F-\\u009F]';

/** Amounts travel as JSON numbers with at most two decimals and are stored as integer cents. */
export const MAX_AMOUNT = 1_000_000_000;

/** > 0 with at most two decimals is ≥ 0.01: OpenAPI 3.0 and JSON Schema draft-07 say it alike. */
export const moneySchema = (description: string, example: number) =>
  Type.Number({ minimum: 0.01, maximum: MAX_AMOUNT, multipleOf: 0.01, description, example });

/** A name: 1–maxLength characters, not blank, no control characters. */
export const nameSchema = (maxLength: number, example: string) =>
  Type.String({ minLength: 1, maxLength, pattern: NON_BLANK, not: { pattern: CONTROL_CHARACTER }, description: 'Not blank; no control characters', example });
