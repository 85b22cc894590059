import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { correlationIdOf } from '../http/correlation-id.middleware';
import { AppException } from './app.exception';
import { CommonErrorCode, defaultCodeFor } from './error-codes';
import type { ErrorResponseDto } from './error-response.dto';

/** Errors that carry an HTTP status of their own (http-errors, used by Express middleware). */
interface HttpError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
}

/**
 * Turns anything thrown in an HTTP request into the project's error shape. Unknown errors
 * become a 500 whose correlationId is logged with the stack, so a report can be traced.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const correlationId = correlationIdOf(request, response);

    const { body, headers } = this.toResponse(exception, correlationId);
    if (exception instanceof AppException && body.statusCode >= 500) {
      // A deliberate 5xx (a store or broker outage): one line each, no stack, so an outage
      // does not bury the log in thousands of identical traces.
      this.logger.warn(
        { code: body.code, cause: causeOf(exception), correlationId, method: request.method, url: request.originalUrl },
        `Answered ${body.statusCode} ${body.code}`,
      );
    } else if (body.statusCode >= 500) {
      this.logger.error(
        { err: exception, correlationId, method: request.method, url: request.originalUrl },
        `Unhandled error answered as ${body.statusCode}`,
      );
    }
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(body.statusCode).json(body);
  }

  private toResponse(exception: unknown, correlationId: string): { body: ErrorResponseDto; headers: Record<string, string> } {
    if (exception instanceof AppException) {
      const status = exception.getStatus();
      return {
        body: { statusCode: status, code: exception.code, message: exception.message, details: exception.details, correlationId },
        headers: exception.headers,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return {
        body: { statusCode: status, code: defaultCodeFor(status), message: messageOf(exception), correlationId },
        headers: {},
      };
    }
    const httpError = exception as HttpError | undefined;
    const status = httpError?.status ?? httpError?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500 && httpError?.expose !== false) {
      return {
        body: {
          statusCode: status,
          code: defaultCodeFor(status),
          message: httpError?.message ?? 'Bad request',
          correlationId,
        },
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

function causeOf(exception: AppException): string | undefined {
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
