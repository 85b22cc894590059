import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { READINESS_CHECKS, ReadinessCheck } from './readiness-check';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up and serving; no dependency is checked' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: each check the app registers (its database, Kafka, breakers, consumer) passes' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; the body names it' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.checks.map((readiness) => () => readiness.check()));
    } catch (error) {
      // Probes and operators read terminus' own report (which dependency is down, why),
      // so a 503 here keeps that body rather than the generic error shape.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      reply.code(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
