import { readFileSync } from 'node:fs';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { defineConfig } from './define-config';
import { EnvInt, EnvString } from './env-transforms';

const PEM = /-----BEGIN [A-Z ]+-----/;

/** A PEM from the variable itself (\n escapes allowed) or else from the file it names. */
function readPem(inline: string | undefined, path: string, what: string): string {
  if (inline) return inline.replace(/\\n/g, '\n');
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${what}: cannot read ${path} (${(error as Error).message}); run 'npm run certs' for development keys`);
  }
}

class JwtVerifyEnv {
  @EnvString()
  @IsOptional()
  @Matches(PEM, { message: 'JWT_PUBLIC_KEY must be a PEM public key' })
  JWT_PUBLIC_KEY?: string;

  @EnvString()
  @IsString()
  JWT_PUBLIC_KEY_PATH = 'certs/jwt-public.pem';

  // During a key rotation: the other key tokens may still be signed with (docs/security.md).
  @EnvString()
  @IsOptional()
  @Matches(PEM, { message: 'JWT_PREVIOUS_PUBLIC_KEY must be a PEM public key' })
  JWT_PREVIOUS_PUBLIC_KEY?: string;

  @EnvString()
  @IsOptional()
  @IsString()
  JWT_PREVIOUS_PUBLIC_KEY_PATH?: string;

  @EnvString()
  @IsString()
  @Matches(/^\S{1,200}$/, { message: 'JWT_ISSUER must be a non-empty token without spaces' })
  JWT_ISSUER = 'retail-order-platform/auth';

  @EnvString()
  @IsString()
  @Matches(/^\S{1,200}$/, { message: 'JWT_AUDIENCE must be a non-empty token without spaces' })
  JWT_AUDIENCE = 'retail-order-platform';
}

/** What any app needs to trust a token: the public key only, and who must have issued it for whom. */
export const jwtVerifyConfig = defineConfig('jwtVerify', JwtVerifyEnv, (env) => ({
  publicKey: readPem(env.JWT_PUBLIC_KEY, env.JWT_PUBLIC_KEY_PATH, 'JWT public key'),
  previousPublicKey:
    env.JWT_PREVIOUS_PUBLIC_KEY || env.JWT_PREVIOUS_PUBLIC_KEY_PATH
      ? readPem(env.JWT_PREVIOUS_PUBLIC_KEY, env.JWT_PREVIOUS_PUBLIC_KEY_PATH ?? '', 'JWT previous public key')
      : undefined,
  issuer: env.JWT_ISSUER,
  audience: env.JWT_AUDIENCE,
}));

class JwtSignEnv {
  @EnvString()
  @IsOptional()
  @Matches(PEM, { message: 'JWT_PRIVATE_KEY must be a PEM private key' })
  JWT_PRIVATE_KEY?: string;

  @EnvString()
  @IsString()
  JWT_PRIVATE_KEY_PATH = 'certs/jwt-private.pem';

  @EnvInt()
  @IsInt()
  @Min(60)
  @Max(86_400)
  JWT_EXPIRES_IN_SECONDS = 3600;
}

/** Only apps/auth loads this: the private key that signs tokens. */
export const jwtSignConfig = defineConfig('jwtSign', JwtSignEnv, (env) => ({
  privateKey: readPem(env.JWT_PRIVATE_KEY, env.JWT_PRIVATE_KEY_PATH, 'JWT private key'),
  expiresInSeconds: env.JWT_EXPIRES_IN_SECONDS,
}));
