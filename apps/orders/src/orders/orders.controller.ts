import { Body, Controller, Get, Headers, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, JwtAuthGuard } from '@app/auth';
import { AppException, correlationIdOf, ErrorResponseDto, validateDto } from '@app/common';
import { OrderDetailsQueryDto } from './dto/order-details-query.dto';
import { OrderPageDto, OrderResponseDto } from './dto/order-response.dto';
import { PlaceOrderDto } from './dto/place-order.dto';
import { OrderErrorCode } from './orders.errors';
import { OrdersService } from './orders.service';

const DEFAULT_PAGE_SIZE = 20;

@ApiExtraModels(OrderResponseDto, OrderPageDto)
@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'AUTH.MISSING_TOKEN, AUTH.INVALID_TOKEN' })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION.FAILED and other REQUEST.* codes' })
@ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'ORDERS.STORE_UNAVAILABLE, with Retry-After' })
@UseGuards(JwtAuthGuard)
@Controller()
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post('order')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Place an order',
    description:
      'Stored as PLACED, then OrderPlaced goes to Kafka. If Kafka is down the answer is still 201 and a relay publishes it later.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body → the same order again; different body → 422' })
  @ApiBody({
    type: PlaceOrderDto,
    examples: { order: { value: { cost: 25.3, orderitems: [{ name: 'Espresso beans 1kg', quantity: 2, price: 12.65 }] } } },
  })
  @ApiCreatedResponse({ type: OrderResponseDto, description: 'Location: /orderdetails?orderid=…' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: "ORDER.FORBIDDEN: userid is not the token's user" })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'ORDER.IDEMPOTENCY_KEY_REUSED' })
  async place(
    @CurrentUser() user: AuthUser,
    @Body() body: PlaceOrderDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrderResponseDto> {
    const placed = await this.orders.place(user, body, idempotencyKey, correlationIdOf(request));
    response.setHeader('Location', `/orderdetails?orderid=${placed.order.orderid}`);
    if (placed.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return placed.order;
  }

  @Get('orderdetails')
  @ApiOperation({
    summary: 'One order (orderid) or the caller’s orders newest first (userid, paginated)',
    description: 'Parameters in the query string; a JSON body with the same fields is accepted for older clients.',
  })
  @ApiOkResponse({
    description: 'An OrderResponse for orderid, an OrderPage for userid',
    schema: { oneOf: [{ $ref: '#/components/schemas/OrderResponseDto' }, { $ref: '#/components/schemas/OrderPageDto' }] },
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: "ORDER.FORBIDDEN: another user's orders" })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ORDER.NOT_FOUND (also for orders of other users)' })
  async details(
    @CurrentUser() user: AuthUser,
    @Query() query: Record<string, unknown>,
    @Body() body: unknown,
  ): Promise<OrderResponseDto | OrderPageDto> {
    const legacyBody = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const params = await validateDto(OrderDetailsQueryDto, { ...legacyBody, ...query });
    if ((params.orderid === undefined) === (params.userid === undefined)) {
      throw new AppException(400, OrderErrorCode.INVALID_QUERY, 'Give exactly one of orderid and userid');
    }
    if (params.orderid !== undefined) {
      if (params.limit !== undefined || params.cursor !== undefined) {
        throw new AppException(400, OrderErrorCode.INVALID_QUERY, 'limit and cursor go with userid only');
      }
      return this.orders.findOne(user, params.orderid);
    }
    return this.orders.findForUser(user, params.userid as string, params.limit ?? DEFAULT_PAGE_SIZE, params.cursor);
  }
}
