import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ConfigNamespace } from './define-config';
import { collectEnvProblems, InvalidEnvironmentError } from './validate-env';

type AnyNamespace = ConfigNamespace<object, object> & Parameters<typeof ConfigModule.forFeature>[0];

/**
 * Loads the app's config namespaces and fails the boot with one message naming every
 * bad variable of all of them, instead of stopping at the first namespace that throws.
 */
@Module({})
export class AppConfigModule {
  static forRoot(namespaces: AnyNamespace[]): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          cache: true,
          ignoreEnvFile: process.env.NODE_ENV === 'test',
          envFilePath: '.env',
          load: namespaces,
          validate: (env) => {
            const problems = namespaces.flatMap((namespace) => collectEnvProblems(namespace.envClass, env).problems);
            if (problems.length > 0) throw new InvalidEnvironmentError([...new Set(problems)]);
            return env;
          },
        }),
      ],
      exports: [ConfigModule],
    };
  }
}
