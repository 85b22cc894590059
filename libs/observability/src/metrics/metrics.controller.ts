import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { FastifyReply } from 'fastify';

/** @willsoto/nestjs-prometheus' endpoint, documented like /health: operators' routes, not the gateway's. */
@ApiTags('metrics')
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  @ApiOperation({ summary: 'Prometheus metrics of this instance (text exposition format); not routed by the gateway' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Every metric of this instance', content: { 'text/plain': { schema: { type: 'string' } } } })
  override index(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    return super.index(response);
  }
}
