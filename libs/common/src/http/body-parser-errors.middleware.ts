import type { NextFunction, Request, Response } from 'express';
import { AppException } from '../errors/app.exception';
import { CommonErrorCode } from '../errors/error-codes';

const translations: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: CommonErrorCode.MALFORMED_JSON, message: 'Request body is not valid JSON' },
  'entity.too.large': { status: 413, code: CommonErrorCode.BODY_TOO_LARGE, message: 'Request body is too large' },
  'entity.verify.failed': { status: 400, code: CommonErrorCode.MALFORMED_JSON, message: 'Request body is not valid UTF-8 JSON' },
  'charset.unsupported': { status: 415, code: CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, message: 'Unsupported charset; send UTF-8' },
  'encoding.unsupported': { status: 415, code: CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, message: 'Unsupported content encoding' },
  'request.aborted': { status: 400, code: CommonErrorCode.BAD_REQUEST, message: 'Request was aborted' },
  'request.size.invalid': { status: 400, code: CommonErrorCode.BAD_REQUEST, message: 'Request size did not match Content-Length' },
};

/**
 * body-parser reports failures as http-errors with a `type`; Nest would turn a JSON
 * syntax error into a bare 400 with the parser's message. This keeps a stable code instead.
 */
export function bodyParserErrorsMiddleware(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  const type = (error as { type?: unknown } | undefined)?.type;
  const translation = typeof type === 'string' ? translations[type] : undefined;
  next(translation ? new AppException(translation.status, translation.code, translation.message, { cause: error }) : error);
}
