import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, MongooseHealthIndicator } from '@nestjs/terminus';
import { READINESS_CHECKS, ReadinessCheck } from './readiness-check';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongoose: MongooseHealthIndicator,
    @Inject(READINESS_CHECKS) private readonly extraChecks: ReadinessCheck[],
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up and serving; no dependency is checked' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: MongoDB answers a ping, and each check the app adds (Kafka, breakers, consumer) passes' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; the body names it' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.mongoose.pingCheck('mongo', { timeout: 2000 }),
        ...this.extraChecks.map((readiness) => () => readiness.check()),
      ]);
    } catch (error) {
      // Probes and operators read terminus' own report (which dependency is down, why),
      // so a 503 here keeps that body rather than the generic error shape.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      reply.code(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
