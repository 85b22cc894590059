import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { READINESS_CHECKS, ReadinessCheck } from './readiness-check';

/** GET /health (liveness) and GET /health/ready (readiness) for any app of the platform. */
@Module({})
export class HealthModule {
  /** `readinessChecks` are providers exported by one of `imports` (or global), checked in order. */
  static forRoot(
    options: { imports?: ModuleMetadata['imports']; readinessChecks?: Type<ReadinessCheck>[] } = {},
  ): DynamicModule {
    const checks = options.readinessChecks ?? [];
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [{ provide: READINESS_CHECKS, inject: checks, useFactory: (...instances: ReadinessCheck[]) => instances }],
    };
  }
}
