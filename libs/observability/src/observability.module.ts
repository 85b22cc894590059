import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { MetricsController } from './metrics/metrics.controller';
import { stopTracing } from './tracing/start-tracing';

class TracingFlush implements OnApplicationShutdown {
  /** The spans of the last requests and events leave before the process does. */
  onApplicationShutdown(): Promise<void> {
    return stopTracing();
  }
}

/** GET /metrics (Prometheus, with Node's process metrics) and the flush of traces at shutdown. */
@Module({})
export class ObservabilityModule {
  static forRoot(): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        PrometheusModule.register({
          path: '/metrics',
          controller: MetricsController,
          // Node's process metrics are registered once per process (tests boot several apps in one).
          defaultMetrics: { enabled: register.getSingleMetric('process_cpu_user_seconds_total') === undefined },
        }),
      ],
      providers: [TracingFlush],
    };
  }
}
