import { registerDecorator, ValidationArguments } from 'class-validator';

/** Shortest secret accepted in production: 16 characters (npm start generates 32). */
export const MIN_SECRET_LENGTH = 16;

/**
 * Values that were ever published in this repository's examples, docs or chart: anyone can read
 * them, so a deployment using one has no secret at all.
 */
export const PUBLISHED_SECRETS: readonly string[] = [
  'local-admin-password',
  'local-postgres-password',
  'local-grafana-password',
  'change-me',
  'changeme',
  'password',
  'admin',
  'secret',
];

const isProduction = (env: NodeJS.ProcessEnv = process.env) => (env.NODE_ENV ?? 'production') === 'production';

/** Why a secret may not be used in production; undefined when it may. */
export function secretProblem(name: string, value: string): string | undefined {
  if (PUBLISHED_SECRETS.includes(value.trim().toLowerCase())) {
    return `${name} is a published example value: set your own (npm start generates one into .env when it is empty)`;
  }
  if (value.length < MIN_SECRET_LENGTH) return `${name} must be at least ${MIN_SECRET_LENGTH} characters in production`;
  return undefined;
}

/** The password inside a connection URL (postgres://user:password@host/db), if it has one. */
export function urlPassword(value: string): string | undefined {
  try {
    const password = decodeURIComponent(new URL(value).password);
    return password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}

/**
 * In production (NODE_ENV unset or `production`) the value must be a real secret: not a
 * published example, not short. Other environments (development, test) take anything.
 * `inUrl`: the value is a connection URL, and only a password in it is judged (a URL without
 * one — local trust authentication — passes).
 */
export function IsProductionSecret(options: { inUrl?: boolean } = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isProductionSecret',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args: ValidationArguments) => problemOf(value, args.property, options.inUrl) === undefined,
        defaultMessage: (args: ValidationArguments) => problemOf(args.value, args.property, options.inUrl) ?? `${args.property} is not a usable secret`,
      },
    });
}

function problemOf(value: unknown, property: string, inUrl = false): string | undefined {
  if (typeof value !== 'string' || !isProduction()) return undefined;
  if (!inUrl) return secretProblem(property, value);
  const password = urlPassword(value);
  if (password === undefined) return undefined;
  // A URL's password is judged only against the published values: its length is the store's business.
  return PUBLISHED_SECRETS.includes(password.toLowerCase()) ? `${property} holds a published example password: set your own` : undefined;
}
