import { registerAs } from '@nestjs/config';
import { EnvClass, validateEnv } from './validate-env';

export interface ConfigNamespace<TEnv extends object, TConfig> {
  (): TConfig;
  KEY: string;
  envClass: EnvClass<TEnv>;
}

/**
 * A validated config namespace (brocoders-style `registerAs`): `envClass` declares and
 * validates the variables, `map` turns them into the typed config the app injects.
 */
export function defineConfig<TEnv extends object, TConfig extends object>(
  name: string,
  envClass: EnvClass<TEnv>,
  map: (env: TEnv) => TConfig,
): ConfigNamespace<TEnv, TConfig> & ReturnType<typeof registerAs<TConfig>> {
  const factory = registerAs(name, () => map(validateEnv(envClass)));
  return Object.assign(factory, { envClass }) as ConfigNamespace<TEnv, TConfig> &
    ReturnType<typeof registerAs<TConfig>>;
}
