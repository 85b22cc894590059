import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { AuthUser } from '@app/auth';
import { BreakerOpenError } from '@app/common';
import { breakerConfig } from '@app/config';
import {
  asAccepted,
  IdempotencyKeyReusedError,
  InvalidIdempotencyKeyError,
  Money,
  Order,
  OrderForbiddenError,
  OrderLine,
  OrderNotFoundError,
  OrderStoreUnavailableError,
  placeOrder,
} from '@app/domain';
import { isMongoOutage } from '@app/persistence';
import { OrderOutbox } from '../outbox/order-outbox';
import { OrderPageDto, OrderResponseDto } from './dto/order-response.dto';
import { IDEMPOTENCY_KEY_PATTERN, PlaceOrderDto } from './dto/place-order.dto';
import { decodeCursor, encodeCursor } from './order-cursor';
import { idFromIdempotencyKey, requestHash } from './order-identity';
import { toOrderResponse } from './order-response.mapper';
import { DuplicateOrderError, OrdersRepository } from './orders.repository';

export interface PlacedOrder {
  order: OrderResponseDto;
  /** True when an Idempotency-Key replay answered with the order placed earlier. */
  replayed: boolean;
}

const IDEMPOTENCY_KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

/** Placing and reading orders. Throws domain errors only; the edge turns them into statuses. */
@Injectable()
export class OrdersService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly outbox: OrderOutbox,
    @Inject(breakerConfig.KEY) private readonly breakerSettings: ConfigType<typeof breakerConfig>,
  ) {}

  async place(user: AuthUser, request: PlaceOrderDto, idempotencyKey: string | undefined, correlationId: string): Promise<PlacedOrder> {
    const userId = request.userid ?? user.id;
    if (userId !== user.id) throw new OrderForbiddenError('Orders can be placed only for the user of the token');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) throw new InvalidIdempotencyKeyError();
    const cost = Money.ofMajor(request.cost);
    const lines: OrderLine[] = request.orderitems.map((item) => ({
      name: item.name,
      quantity: item.quantity,
      ...(item.price !== undefined ? { unitPrice: Money.ofMajor(item.price) } : {}),
    }));
    const at = new Date();
    const order = placeOrder({
      id: idempotencyKey ? idFromIdempotencyKey(userId, idempotencyKey) : this.orders.newId(),
      userId,
      cost,
      lines,
      ...(idempotencyKey ? { idempotency: { key: idempotencyKey, requestHash: requestHash(userId, cost, lines) } } : {}),
      correlationId,
      at,
    });

    try {
      await this.orders.insert(order, this.outbox.entryForNewOrder(at));
    } catch (error) {
      if (error instanceof DuplicateOrderError && order.idempotency) return this.replay(order);
      throw this.storeError(error);
    }
    await this.outbox.publish([order]);
    return { order: toOrderResponse(order), replayed: false };
  }

  async findOne(user: AuthUser, orderId: string, userId?: string): Promise<OrderResponseDto> {
    if (userId !== undefined && userId !== user.id) throw new OrderForbiddenError("Another user's orders cannot be read");
    const order = await this.orders.findById(orderId).catch((error: unknown) => {
      throw this.storeError(error);
    });
    // Someone else's order is "not found": its existence is not the caller's business.
    if (!order || order.userId !== user.id) throw new OrderNotFoundError(orderId);
    return toOrderResponse(order);
  }

  async findForUser(user: AuthUser, userId: string, limit: number, cursor?: string): Promise<OrderPageDto> {
    if (userId !== user.id) throw new OrderForbiddenError("Another user's orders cannot be listed");
    const after = cursor ? decodeCursor(cursor) : undefined;
    const page = await this.orders.findByUser(userId, limit, after).catch((error: unknown) => {
      throw this.storeError(error);
    });
    const last = page.orders.at(-1);
    return {
      orders: page.orders.map(toOrderResponse),
      nextCursor: page.hasMore && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
    };
  }

  private async replay(attempt: Order): Promise<PlacedOrder> {
    const existing = await this.orders.findById(attempt.id).catch((error: unknown) => {
      throw this.storeError(error);
    });
    if (!existing || existing.userId !== attempt.userId || existing.idempotency?.requestHash !== attempt.idempotency?.requestHash) {
      throw new IdempotencyKeyReusedError();
    }
    return { order: toOrderResponse(asAccepted(existing)), replayed: true };
  }

  private storeError(error: unknown): unknown {
    if (error instanceof BreakerOpenError || isMongoOutage(error)) {
      return new OrderStoreUnavailableError(Math.max(1, Math.ceil(this.breakerSettings.mongo.resetTimeoutMs / 1000)), error);
    }
    return error;
  }
}
