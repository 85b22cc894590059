import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { AppException } from '../errors/app.exception';
import { CommonErrorCode } from '../errors/error-codes';
import { isMultipleOf } from '@app/domain';

export interface FieldError {
  field: string;
  messages: string[];
}

function ajvFor(coerceTypes: boolean | 'array'): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes,
    useDefaults: false,
    removeAdditional: false,
    // OpenAPI's annotations may sit in the schemas the document publishes.
    keywords: ['example'],
    formats: { password: true, 'date-time': true },
  });
  // Money is `multipleOf: 0.01`. Ajv divides and compares with a fixed tolerance, which refuses
  // 676819709.94 (schemathesis found it); isMultipleOf compares with the nearest multiple.
  ajv.removeKeyword('multipleOf');
  ajv.addKeyword({
    keyword: 'multipleOf',
    type: 'number',
    schemaType: 'number',
    errors: false,
    validate: (step: number, value: number) => isMultipleOf(value, step),
  });
  return ajv;
}

/**
 * Request bodies are JSON and validated as they are: "25" is not a number. Query strings and
 * path parameters are text, so their numbers are coerced ("?limit=5").
 */
const bodyAjv = ajvFor(false);
const textAjv = ajvFor('array');

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema) as ValidateFunction;

function pathToField(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function join(parent: string, child: string): string {
  return parent ? `${parent}.${child}` : child;
}

function explain(error: ErrorObject, field: string): { field: string; message: string } {
  const name = field || 'body';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { field: join(field, String(params.missingProperty)), message: `${join(field, String(params.missingProperty))} is required` };
    case 'additionalProperties':
      return { field: join(field, String(params.additionalProperty)), message: `property ${params.additionalProperty} should not exist` };
    case 'multipleOf':
      return { field, message: `${name} must have at most two decimals` };
    case 'not':
      return { field, message: `${name} may not hold control characters` };
    default:
      return { field, message: `${name} ${error.message ?? 'is invalid'}` };
  }
}

/**
 * Fields listed in one answer: a 100 KB body of empty items has tens of thousands of invalid
 * fields, and listing them all made a multi-megabyte 400. The message counts the rest.
 */
export const MAX_FIELD_ERRORS = 20;

export interface ValidationFailure {
  message: string;
  details: FieldError[];
}

/** Ajv's errors as the error shape's `details` (one entry per field, its messages in order), capped. */
export function validationFailureOf(errors: ErrorObject[]): ValidationFailure {
  const byField = new Map<string, string[]>();
  for (const error of errors) {
    const { field, message } = explain(error, pathToField(error.instancePath));
    const messages = byField.get(field);
    if (messages) {
      if (!messages.includes(message)) messages.push(message);
    } else {
      byField.set(field, [message]);
    }
  }
  const details = [...byField].slice(0, MAX_FIELD_ERRORS).map(([field, messages]) => ({ field, messages }));
  const omitted = byField.size - details.length;
  const message = omitted > 0 ? `Request validation failed: ${byField.size} fields are invalid, the first ${details.length} are listed` : 'Request validation failed';
  return { message, details };
}

export function validationFailed({ message, details }: ValidationFailure): AppException {
  return new AppException(400, CommonErrorCode.VALIDATION_FAILED, message, { details });
}

/** Validates data gathered by hand (e.g. query and legacy body merged) with a route's own schema. */
export function compileTextValidator<T>(schema: object): (value: unknown) => T {
  const validate = textAjv.compile(schema);
  return (value: unknown): T => {
    if (!validate(value)) throw validationFailed(validationFailureOf(validate.errors ?? []));
    return value as T;
  };
}
