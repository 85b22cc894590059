import { ValidationError, ValidationPipeOptions } from '@nestjs/common';
import { AppException } from '../errors/app.exception';
import { CommonErrorCode } from '../errors/error-codes';

export interface FieldError {
  field: string;
  messages: string[];
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** The one set of validation rules for every DTO: unknown fields are refused, never stored. */
export const validationOptions: ValidationPipeOptions = {
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transformOptions: { enableImplicitConversion: false },
  validationError: { target: false, value: false },
  exceptionFactory: (errors: ValidationError[]) =>
    new AppException(400, CommonErrorCode.VALIDATION_FAILED, 'Request validation failed', {
      details: flattenValidationErrors(errors),
    }),
};
