import type { NextFunction, Request, Response } from 'express';
import { AppException } from '../errors/app.exception';
import { CommonErrorCode } from '../errors/error-codes';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The APIs speak JSON only: a body of another media type is refused with 415 instead of
 * being parsed as nothing and reported as a confusing validation error.
 */
export function requireJsonMiddleware(request: Request, _response: Response, next: NextFunction): void {
  if (METHODS_WITH_BODY.has(request.method) && hasBody(request) && !JSON_TYPE.test(request.headers['content-type'] ?? '')) {
    next(
      new AppException(415, CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Request body must be JSON (Content-Type: application/json)'),
    );
    return;
  }
  next();
}
