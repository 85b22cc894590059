import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, JwtAuthGuard } from '@app/auth';
import { AppException, CommonErrorCode, CORRELATION_ID_HEADER, correlationIdOf, ErrorResponseDto } from '@app/common';
import { StreamsUnavailableError, TooManyStreamsError } from './live-status.errors';
import { MAX_STREAMS_PER_USER, OrderStatusFeed } from './order-status-feed';
import type { OrderStatusUpdate } from './order-status-update';

/** A comment line now and then: proxies and browsers keep an idle stream open, and a dead one is noticed. */
const HEARTBEAT_MS = 15_000;
/** How long a browser waits before it reconnects after the stream ended. */
const RECONNECT_MS = 3000;

export const STATUS_EVENT = 'order-status';

function frame(update: OrderStatusUpdate): string {
  const { orderid, status, reason, at } = update;
  return `event: ${STATUS_EVENT}\nid: ${orderid}:${status}\ndata: ${JSON.stringify({ orderid, status, ...(reason ? { reason } : {}), at })}\n\n`;
}

@ApiTags('orders')
@ApiBearerAuth('bearer')
@UseGuards(JwtAuthGuard)
@Controller()
export class OrderEventsController {
  constructor(private readonly feed: OrderStatusFeed) {}

  @Get('api/orders/events')
  @ApiOperation({
    summary: 'Your orders’ status changes, live (server-sent events)',
    description:
      'A text/event-stream that stays open: one `order-status` event per change of one of your orders from now on ' +
      '(`data`: {orderid, status PROCESSED | REJECTED | CANCELLED, reason (REJECTED), at}; `id`: orderid:status), and a comment line every 15 s. ' +
      'Send the bearer token in the Authorization header (a fetch-based reader: EventSource cannot). The stream ends when the token expires: reconnect with a fresh one. ' +
      'Nothing is replayed: read GET /orderdetails after connecting.',
  })
  @ApiOkResponse({ description: 'The stream', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'REQUEST.BODY_NOT_ALLOWED: the request carried a body' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'AUTH.MISSING_TOKEN, AUTH.INVALID_TOKEN' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: `ORDER.TOO_MANY_STREAMS: ${MAX_STREAMS_PER_USER} streams open already, with Retry-After` })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'ORDER.STREAMS_UNAVAILABLE: this instance holds all the streams it may, with Retry-After' })
  stream(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    if (hasBody(request)) throw new AppException(400, CommonErrorCode.BODY_NOT_ALLOWED, 'A stream request takes no body');
    const raw = reply.raw;
    // The client may be gone already (it hung up while its token was checked): no slot for it.
    if (raw.destroyed || !raw.socket || raw.socket.destroyed) return void reply.hijack();
    let heartbeat: NodeJS.Timeout | undefined;
    let expiry: NodeJS.Timeout | undefined;
    const subscription = this.feed.subscribe(user.id, {
      send: (update) => raw.write(frame(update)),
      close: () => raw.end(),
    });
    if (!subscription.ok) throw subscription.reason === 'user-limit' ? new TooManyStreamsError(MAX_STREAMS_PER_USER) : new StreamsUnavailableError();
    // The response's close, not the request's: the request's fires as soon as its body was read
    // (an empty JSON body did), before the stream ends, and the slot was never given back.
    // The response closes once, whatever ends it: the client, the server, a broken socket.
    raw.once('close', () => {
      clearInterval(heartbeat);
      clearTimeout(expiry);
      subscription.unsubscribe();
    });
    // From here the stream is written by hand: Fastify would wait for a payload that never ends.
    reply.hijack();
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // nginx passes it on as it comes (the gateway's route sets the same).
      'x-accel-buffering': 'no',
      // The stream is the connection: once it ends the socket goes too, so a shutting-down
      // instance is not held open for the keep-alive timeout by streams it ended.
      connection: 'close',
      [CORRELATION_ID_HEADER]: correlationIdOf(request),
    });
    raw.write(`retry: ${RECONNECT_MS}\n: connected\n\n`);
    heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    // A stream outlives no token: it ends when the token expires, and the client reconnects with a new one.
    expiry = setTimeout(() => raw.end(), Math.max(0, tokenExpiresAt(request) - Date.now()));
    expiry.unref();
  }
}

function hasBody(request: FastifyRequest): boolean {
  const length = Number(request.headers['content-length'] ?? 0);
  return request.headers['transfer-encoding'] !== undefined || (Number.isFinite(length) && length > 0);
}

/** The bearer token's `exp` (the guard verified it), in ms; a token without one ends the stream within the hour. */
function tokenExpiresAt(request: FastifyRequest): number {
  const token = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
  try {
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    if (typeof exp === 'number') return exp * 1000;
  } catch {
    // Not reached for a token the guard accepted.
  }
  return Date.now() + 3_600_000;
}
