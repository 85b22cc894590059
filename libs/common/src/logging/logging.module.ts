import { DynamicModule, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { loggingConfig } from '@app/config';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { IncomingMessage } from 'node:http';

/**
 * Paths pino censors. Credentials must never reach a log line: headers that carry them,
 * and any field named like a secret wherever it appears in a logged object.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'password',
  'passwordHash',
  'access_token',
  'token',
  '*.password',
  '*.passwordHash',
  '*.access_token',
  '*.token',
  '*.*.password',
  '*.*.passwordHash',
  '*.*.access_token',
];

function requestPath(request: IncomingMessage): string {
  return (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? '';
}

@Module({})
export class LoggingModule {
  static forRoot(appName: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [loggingConfig.KEY],
          useFactory: (logging: ConfigType<typeof loggingConfig>) => ({
            pinoHttp: [
              {
              level: logging.level,
              base: { app: appName },
              messageKey: 'message',
              redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
              genReqId: (request: IncomingMessage) => (request as IncomingMessage & { id?: string }).id ?? 'unknown',
              customAttributeKeys: { reqId: 'correlationId' },
              // Every line logged while serving a request carries its correlationId at the top level.
              quietReqLogger: true,
              // Fastify's middleware engine (middie) hands pino-http a URL relative to the mount
              // point; originalUrl is the request's own.
              autoLogging: { ignore: (request: IncomingMessage) => /^\/(health|metrics)(\/|\?|$)/.test(requestPath(request)) },
              serializers: {
                req: (request: { method: string; url: string; id: string }) => ({ method: request.method, url: request.url }),
              },
              },
              // A file is written synchronously so nothing is lost when the process exits.
              logging.file ? pino.destination({ dest: logging.file, mkdir: true, sync: true }) : pino.destination(1),
            ],
          }),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
