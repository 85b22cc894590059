import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export type EnvClass<T extends object> = new () => T;

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
}

export function collectEnvProblems<T extends object>(
  envClass: EnvClass<T>,
  env: Record<string, unknown>,
): { value: T; problems: string[] } {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, raw]) => !(typeof raw === 'string' && raw.trim() === '') && raw !== undefined),
  );
  const value = plainToInstance(envClass, present, { enableImplicitConversion: false, exposeDefaultValues: true });
  const problems = describe(validateSync(value, { skipMissingProperties: false, whitelist: false, stopAtFirstError: true }));
  return { value, problems };
}

/** Reads and validates the variables declared on `envClass`; throws naming every bad variable. */
export function validateEnv<T extends object>(
  envClass: EnvClass<T>,
  env: Record<string, unknown> = process.env,
): T {
  const { value, problems } = collectEnvProblems(envClass, env);
  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  return value;
}
