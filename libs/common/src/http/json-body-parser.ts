import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppException } from '../errors/app.exception';
import { CommonErrorCode } from '../errors/error-codes';
import { hostileJsonProblem } from './hostile-json';

/** application/json and the structured +json types (application/merge-patch+json, …). */
export const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/** `100kb`, `1mb`, `512b` → bytes (HTTP_BODY_LIMIT is validated to this form at boot). */
export function parseByteSize(size: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(size.trim());
  if (!match) throw new Error(`Not a byte size: ${size}`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[match[2].toLowerCase() as 'b' | 'kb' | 'mb'];
  return Number(match[1]) * unit;
}

/** Parses one JSON request body, or says with a stable code why it is refused. */
export function parseJsonBody(request: Pick<FastifyRequest, 'headers'>, text: string): unknown {
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    throw new AppException(415, CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Unsupported content encoding');
  }
  const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new AppException(415, CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Unsupported charset; send UTF-8');
  }
  if (text.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppException(400, CommonErrorCode.MALFORMED_JSON, 'Request body is not valid JSON');
  }
  if (body === null || typeof body !== 'object') {
    // body-parser's strict mode before us: a JSON body is an object or an array.
    throw new AppException(400, CommonErrorCode.MALFORMED_JSON, 'Request body must be a JSON object or array');
  }
  const problem = hostileJsonProblem(body);
  if (problem) throw new AppException(400, CommonErrorCode.BAD_REQUEST, problem);
  return body;
}

/**
 * The apps speak JSON only: Fastify's own parsers go, so a body of any other media type is
 * refused with 415 (Fastify's FST_ERR_CTP_INVALID_MEDIA_TYPE) before anything reads it, and a
 * larger one than the limit with 413 before it is read whole.
 */
export function registerJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_MEDIA_TYPE, { parseAs: 'string', bodyLimit }, (request, text, done) => {
    try {
      done(null, parseJsonBody(request, text as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
