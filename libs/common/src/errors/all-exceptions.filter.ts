import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import type { AllowedMethods } from '../http/allowed-methods';
import { correlationIdOf } from '../http/correlation-id';
import { validationFailureOf } from '../http/schema-validation';
import { AppException } from './app.exception';
import { DomainError } from '@app/domain';
import { DOMAIN_ERROR_STATUS } from './domain-error-status';
import { CommonErrorCode, defaultCodeFor } from './error-codes';
import type { ErrorResponseDto } from './error-response.dto';

/** Errors raised before a route's handler runs that Nest passes on as they are: schema validation. */
interface FastifyError {
  statusCode?: number;
  message?: string;
  validation?: ErrorObject[];
}

type Answer = { body: ErrorResponseDto; headers: Record<string, string> };

/**
 * How an app's HTTP layer words a domain error's `details` for its callers, by error code: a
 * field path of the request (`orderitems.1.productId`) is the HTTP layer's, not the domain's.
 */
export type DomainErrorDetails = Record<string, (error: DomainError) => ErrorResponseDto['details']>;

/**
 * Nest hands Fastify's own errors (FST_ERR_CTP_*: media type, body size, content length) to
 * the filter as plain HttpExceptions of their status; a 415 says what the apps accept.
 */
const MESSAGE_BY_STATUS: Record<number, string> = {
  415: 'Request body must be JSON (Content-Type: application/json)',
};

/**
 * Turns anything thrown in an HTTP request into the project's error shape, including what
 * Fastify refuses before a handler runs. Unknown errors become a 500 whose correlationId is
 * logged with the stack, so a report can be traced.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  constructor(
    private readonly allowedMethods?: AllowedMethods,
    private readonly domainErrorDetails: DomainErrorDetails = {},
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const correlationId = correlationIdOf(request);

    const { body, headers } = this.toResponse(exception, request, correlationId);
    if ((exception instanceof AppException || exception instanceof DomainError) && body.statusCode >= 500) {
      // A deliberate 5xx (a store or broker outage): one line each, no stack, so an outage
      // does not bury the log in thousands of identical traces.
      this.logger.warn(
        { code: body.code, cause: causeOf(exception), correlationId, method: request.method, url: request.url },
        `Answered ${body.statusCode} ${body.code}`,
      );
    } else if (body.statusCode >= 500) {
      this.logger.error(
        { err: exception, correlationId, method: request.method, url: request.url },
        `Unhandled error answered as ${body.statusCode}`,
      );
    }
    if (reply.sent) return;
    reply.headers(headers);
    reply.code(body.statusCode).type('application/json; charset=utf-8').send(body);
  }

  private toResponse(exception: unknown, request: FastifyRequest, correlationId: string): Answer {
    if (exception instanceof DomainError) {
      const status = DOMAIN_ERROR_STATUS[exception.kind];
      const headers: Record<string, string> = exception.retryAfterSeconds !== undefined ? { 'Retry-After': String(exception.retryAfterSeconds) } : {};
      const body: ErrorResponseDto = { statusCode: status, code: exception.code, message: exception.message, correlationId };
      const details = this.domainErrorDetails[exception.code]?.(exception) ?? exception.details;
      if (details !== undefined) body.details = details as ErrorResponseDto['details'];
      return { body, headers };
    }
    if (exception instanceof AppException) {
      const status = exception.getStatus();
      const body: ErrorResponseDto = { statusCode: status, code: exception.code, message: exception.message, correlationId };
      if (exception.details !== undefined) body.details = exception.details as ErrorResponseDto['details'];
      return { body, headers: exception.headers };
    }
    // No route matched: whatever Fastify tripped over on the way to its 404 (a body it could
    // not parse for a method it does not route), the answer is about the path and method.
    if (request.is404 || exception instanceof NotFoundException) {
      const allowed = this.allowedMethods?.for(request.url) ?? [];
      if (allowed.length > 0 && !allowed.includes(request.method)) {
        return {
          body: {
            statusCode: 405,
            code: CommonErrorCode.METHOD_NOT_ALLOWED,
            message: `${request.method} is not allowed here; use ${allowed.join(', ')}`,
            correlationId,
          },
          headers: { Allow: allowed.join(', ') },
        };
      }
      if (request.is404 && !(exception instanceof NotFoundException)) {
        return { body: { statusCode: 404, code: CommonErrorCode.NOT_FOUND, message: `Cannot ${request.method} ${request.url}`, correlationId }, headers: {} };
      }
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return {
        body: { statusCode: status, code: defaultCodeFor(status), message: MESSAGE_BY_STATUS[status] ?? messageOf(exception), correlationId },
        headers: {},
      };
    }
    const fastifyError = (exception ?? {}) as FastifyError;
    if (fastifyError.validation) {
      const { message, details } = validationFailureOf(fastifyError.validation);
      return { body: { statusCode: 400, code: CommonErrorCode.VALIDATION_FAILED, message, details, correlationId }, headers: {} };
    }
    const status = fastifyError.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return {
        body: { statusCode: status, code: defaultCodeFor(status), message: fastifyError.message ?? 'Bad request', correlationId },
        headers: {},
      };
    }
    return {
      body: {
        statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
        code: CommonErrorCode.INTERNAL,
        message: 'Internal server error; quote the correlationId when reporting it',
        correlationId,
      },
      headers: {},
    };
  }
}

function causeOf(exception: AppException | DomainError): string | undefined {
  const cause = exception.cause;
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : undefined;
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}
