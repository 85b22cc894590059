import { Type, ValidationPipe } from '@nestjs/common';
import { validationOptions } from './validation-options';

const pipe = new ValidationPipe(validationOptions);

/** Validates data gathered by hand (e.g. query and body merged) with the same rules as any DTO. */
export function validateDto<T extends object>(dto: Type<T>, plain: unknown): Promise<T> {
  return pipe.transform(plain, { type: 'query', metatype: dto }) as Promise<T>;
}
