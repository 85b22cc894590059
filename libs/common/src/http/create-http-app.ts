import { INestApplication, Logger as NestLogger, Type, ValidationPipe } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { ErrorResponseDto } from '../errors/error-response.dto';
import { bodyParserErrorsMiddleware } from './body-parser-errors.middleware';
import { correlationIdMiddleware } from './correlation-id.middleware';
import { hostileJsonMiddleware } from './hostile-json.middleware';
import { requireJsonMiddleware } from './require-json.middleware';
import { validationOptions } from './validation-options';

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
}

export async function createHttpApp(module: Type<unknown>, options: HttpAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: false,
    bufferLogs: true,
    // Throw instead of exiting, so the caller (main.ts or a test) decides what a failed boot means.
    abortOnError: false,
  });
  configureHttpApp(app, options);
  return app;
}

/** Set once a shutdown signal arrived: responses then ask keep-alive clients to reconnect elsewhere. */
const shutdown = { draining: false };

/** Everything an HTTP app of the platform shares: security headers, JSON-only bodies, errors, docs. */
export function configureHttpApp(app: NestExpressApplication, options: HttpAppOptions): void {
  const http = app.get(ConfigService).getOrThrow<HttpConfig>('http');
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(correlationIdMiddleware);
  app.use((_request: unknown, response: { setHeader(name: string, value: string): void }, next: () => void) => {
    if (shutdown.draining) response.setHeader('Connection', 'close');
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        // Swagger UI at /docs needs inline styles and data: images; nothing else is relaxed.
        directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
      },
    }),
  );
  app.use(requireJsonMiddleware);
  app.useBodyParser('json', { limit: http.bodyLimit, strict: true });
  app.use(bodyParserErrorsMiddleware);
  app.use(hostileJsonMiddleware);
  app.useGlobalPipes(new ValidationPipe(validationOptions));
  app.useGlobalFilters(new AllExceptionsFilter());
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
  const document = SwaggerModule.createDocument(app, builder.build(), { extraModels: [ErrorResponseDto] });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/**
 * Listens on the configured host and port. A shutdown that hangs past SHUTDOWN_TIMEOUT_MS
 * (a stuck connection, a broker that never answers) ends the process instead of lingering.
 */
export async function listen(app: NestExpressApplication, appName: string): Promise<void> {
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
