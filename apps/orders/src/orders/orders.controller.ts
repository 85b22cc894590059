import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiConflictResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, JwtAuthGuard } from '@app/auth';
import { BodySchema, compileTextValidator, correlationIdOf, ErrorResponseDto, ParamsSchema, QuerySchema } from '@app/common';
import { DEFAULT_PAGE_SIZE, OrderDetailsQuery, OrderDetailsQuerySchema, OrderIdParamsSchema } from './dto/order-details-query.dto';
import { CancelAcceptedDto, OrderPageDto, OrderQuoteDto, OrderResponseDto } from './dto/order-response.dto';
import { IDEMPOTENCY_KEY_PATTERN, PlaceOrderDto, PlaceOrderSchema, QuoteRequestDto, QuoteRequestSchema } from './dto/place-order.dto';
import { OrdersService } from './orders.service';

/** The original API sent GET /orderdetails' parameters in a JSON body: held to the query's rules. */
const validateLegacyQuery = compileTextValidator<OrderDetailsQuery>(OrderDetailsQuerySchema);

@ApiExtraModels(OrderResponseDto, OrderPageDto)
@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'AUTH.MISSING_TOKEN, AUTH.INVALID_TOKEN' })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION.FAILED and other REQUEST.* codes' })
@ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'ORDER.STORE_UNAVAILABLE (and ORDER.CANCEL_UNAVAILABLE on a cancel), with Retry-After' })
@ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'REQUEST.UNSUPPORTED_MEDIA_TYPE: a body that is not UTF-8 JSON' })
@ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'REQUEST.BODY_TOO_LARGE: a body over HTTP_BODY_LIMIT' })
@UseGuards(JwtAuthGuard)
@Controller()
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post('order')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Place an order',
    description:
      'Stored as PLACED, then OrderPlaced goes to Kafka. If Kafka is down the answer is still 201 and a relay publishes it later. ' +
      'Items that name catalog products are priced by the server (lines, subtotal, fee, total) and their stock is reserved by the catalog.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Same key + same body → the same order again; different body → 422',
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN },
  })
  @BodySchema(PlaceOrderSchema, {
    order: { value: { cost: 25.3, orderitems: [{ name: 'Espresso beans 1kg', quantity: 2, price: 12.65 }] } },
    catalogOrder: { value: { orderitems: [{ productId: '0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10', quantity: 2 }] } },
  })
  @ApiCreatedResponse({ type: OrderResponseDto, description: 'Location: /orderdetails?orderid=…' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: "ORDER.FORBIDDEN: userid is not the token's user" })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ORDER.PRICE_CHANGED: cost is not the total; details holds the current quote' })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'ORDER.IDEMPOTENCY_KEY_REUSED; ORDER.UNKNOWN_PRODUCT (a product the catalog does not have or has deleted); ORDER.TOTAL_TOO_LARGE',
  })
  async place(
    @CurrentUser() user: AuthUser,
    @Body() body: PlaceOrderDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderResponseDto> {
    const placed = await this.orders.place(user, body, idempotencyKey, correlationIdOf(request));
    reply.header('Location', `/orderdetails?orderid=${placed.order.orderid}`);
    if (placed.replayed) reply.header('Idempotent-Replayed', 'true');
    return placed.order;
  }

  @Post('api/orders/quote')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What catalog products cost now (lines, subtotal, fee, total); nothing is placed',
    description: 'Priced exactly as POST /order prices them. Send its total as POST /order’s cost: a price that changed in between answers 409 with the new quote.',
  })
  @BodySchema(QuoteRequestSchema, { quote: { value: { orderitems: [{ productId: '0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10', quantity: 2 }] } } })
  @ApiOkResponse({ type: OrderQuoteDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'ORDER.UNKNOWN_PRODUCT (naming the lines); ORDER.TOTAL_TOO_LARGE' })
  quote(@Body() body: QuoteRequestDto): Promise<OrderQuoteDto> {
    return this.orders.quoteFor(body);
  }

  @Post('order/:orderid/cancel')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Cancel one of your orders',
    description:
      'A PLACED or PROCESSED order is handed to the order processor, which cancels it if it still may; the catalog then gives back its stock. ' +
      '202 means requested: GET /orderdetails shows the outcome.',
  })
  @ParamsSchema(OrderIdParamsSchema)
  @ApiAcceptedResponse({ type: CancelAcceptedDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ORDER.NOT_FOUND (also for orders of other users)' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ORDER.INVALID_TRANSITION: the order is REJECTED or CANCELLED already' })
  cancel(@CurrentUser() user: AuthUser, @Param('orderid') orderId: string, @Req() request: FastifyRequest): Promise<CancelAcceptedDto> {
    return this.orders.cancel(user, orderId, correlationIdOf(request));
  }

  @Get('orderdetails')
  @ApiOperation({
    summary: 'One order (orderid) or a page of the caller’s orders, newest first',
    description:
      'With orderid: that order (limit and cursor, which page lists, are ignored). Without it: the caller’s orders; ' +
      "userid, when given, must be the caller's id. Older clients may send the same fields in a JSON body.",
  })
  @QuerySchema(OrderDetailsQuerySchema)
  @ApiOkResponse({
    description: 'An OrderResponse for orderid, an OrderPage otherwise',
    schema: { oneOf: [{ $ref: '#/components/schemas/OrderResponseDto' }, { $ref: '#/components/schemas/OrderPageDto' }] },
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: "ORDER.FORBIDDEN: another user's orders" })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ORDER.NOT_FOUND (also for orders of other users)' })
  async details(
    @CurrentUser() user: AuthUser,
    @Query() query: OrderDetailsQuery,
    @Body() body: unknown,
  ): Promise<OrderResponseDto | OrderPageDto> {
    const legacyBody = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
    const params = legacyBody ? validateLegacyQuery({ ...legacyBody, ...query }) : query;
    if (params.orderid !== undefined) return this.orders.findOne(user, params.orderid, params.userid);
    return this.orders.findForUser(user, params.userid ?? user.id, params.limit ?? DEFAULT_PAGE_SIZE, params.cursor);
  }
}
