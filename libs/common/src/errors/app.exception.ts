import { HttpException } from '@nestjs/common';

export interface AppExceptionOptions {
  details?: unknown;
  /** Response headers the error implies, e.g. Retry-After or WWW-Authenticate. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/** An HTTP error with a stable, documented code (`ORDER.NOT_FOUND`) for clients to branch on. */
export class AppException extends HttpException {
  readonly details?: unknown;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    readonly code: string,
    message: string,
    options: AppExceptionOptions = {},
  ) {
    super({ code, message, details: options.details }, status, { cause: options.cause });
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}
