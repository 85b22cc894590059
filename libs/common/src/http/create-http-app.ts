import { INestApplication, Logger as NestLogger, Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { IncomingMessage } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter, DomainErrorDetails } from '../errors/all-exceptions.filter';
import { ErrorResponseDto, FieldErrorDto } from '../errors/error-response.dto';
import { AllowedMethods } from './allowed-methods';
import { CORRELATION_ID_HEADER, correlationIdFor } from './correlation-id';
import { parseByteSize, registerJsonBodyParser } from './json-body-parser';
import { validatorCompiler } from './schema-validation';
import { httpTimeoutsFromEnv, trustProxyFromEnv } from '@app/config';
import { registerHttpMetrics } from '@app/observability';

export interface HttpConfig {
  host: string;
  port: number;
  bodyLimit: string;
  shutdownTimeoutMs: number;
}

export interface HttpAppOptions {
  title: string;
  description: string;
  securitySchemes?: ('bearer' | 'basic')[];
  /** How this app's domain errors' details read in an answer (see DomainErrorDetails). */
  domainErrorDetails?: DomainErrorDetails;
}

export type HttpApp = NestFastifyApplication;

function fastifyAdapter(): FastifyAdapter {
  const timeouts = httpTimeoutsFromEnv();
  return new FastifyAdapter({
    // A slow client (one byte every few seconds) is answered 408 and cut off; a live-status
    // stream is not: these bound receiving the request, not the response.
    requestTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    // Node checks the two timeouts every 30 s by default: a 10 s limit could hold for 40 s.
    http: { headersTimeout: timeouts.headersTimeoutMs, connectionsCheckingInterval: 1000 },
    genReqId: (request: IncomingMessage) => correlationIdFor(request),
    // Requests that reach a closing server on a kept-alive connection are still served:
    // SIGTERM drains (see listen()), it does not answer 503.
    return503OnClosing: false,
    // HEAD is not in the OpenAPI documents, so it is not answered either (405).
    exposeHeadRoutes: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // request.ip is the client's behind the gateway (its X-Forwarded-For), not the gateway's.
    trustProxy: trustProxyFromEnv(),
  });
}

export async function createHttpApp(module: Type<unknown>, options: HttpAppOptions): Promise<HttpApp> {
  const app = await NestFactory.create<NestFastifyApplication>(module, fastifyAdapter(), {
    bodyParser: false,
    bufferLogs: true,
    // Throw instead of exiting, so the caller (main.ts or a test) decides what a failed boot means.
    abortOnError: false,
  });
  await configureHttpApp(app, options);
  return app;
}

/** Set once a shutdown signal arrived: responses then ask keep-alive clients to reconnect elsewhere. */
const shutdown = { draining: false };

/** Everything an HTTP app of the platform shares: security headers, JSON-only bodies, errors, docs. */
export async function configureHttpApp(app: HttpApp, options: HttpAppOptions): Promise<void> {
  const http = app.get(ConfigService).getOrThrow<HttpConfig>('http');
  const fastify = app.getHttpAdapter().getInstance();
  app.useLogger(app.get(Logger));

  const allowedMethods = new AllowedMethods();
  allowedMethods.collectFrom(fastify);
  fastify.setValidatorCompiler(validatorCompiler);
  // Clients of the original orders API send GET /orderdetails' parameters in a JSON body.
  fastify.addHttpMethod('GET', { hasBody: true, overrideExisting: true });
  registerJsonBodyParser(fastify, parseByteSize(http.bodyLimit));
  registerHttpMetrics(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(CORRELATION_ID_HEADER, request.id);
    if (shutdown.draining) reply.header('Connection', 'close');
    done();
  });
  // Helmet's middleware built once: @fastify/helmet 13 builds it anew for every request.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      // Swagger UI at /docs needs inline styles and data: images; nothing else is relaxed.
      directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, () => done()));
  app.useGlobalFilters(new AllExceptionsFilter(allowedMethods, options.domainErrorDetails));
  app.enableShutdownHooks();
  setupSwagger(app, options);
}

function setupSwagger(app: INestApplication, options: HttpAppOptions): void {
  let builder = new DocumentBuilder().setTitle(options.title).setDescription(options.description).setVersion('1.0');
  for (const scheme of options.securitySchemes ?? []) {
    builder =
      scheme === 'bearer'
        ? builder.addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
        : builder.addBasicAuth({ type: 'http', scheme: 'basic' }, 'basic');
  }
  const document = SwaggerModule.createDocument(app, builder.build(), { extraModels: [ErrorResponseDto, FieldErrorDto] });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/**
 * Listens on the configured host and port. A shutdown that hangs past SHUTDOWN_TIMEOUT_MS
 * (a stuck connection, a broker that never answers) ends the process instead of lingering.
 */
export async function listen(app: HttpApp, appName: string): Promise<void> {
  const http = app.get(ConfigService).getOrThrow<HttpConfig>('http');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      // Requests in flight finish; idle keep-alive connections close now and busy ones after
      // their current response, so the server can close instead of serving a busy client forever.
      shutdown.draining = true;
      app.getHttpServer().closeIdleConnections?.();
      setTimeout(() => {
        new NestLogger(appName).error(`Shutdown took longer than ${http.shutdownTimeoutMs} ms; exiting`);
        process.exit(1);
      }, http.shutdownTimeoutMs).unref();
    });
  }
  await app.listen(http.port, http.host);
  new NestLogger(appName).log(`${appName} listening on http://${http.host}:${http.port} (docs at /docs)`);
}
