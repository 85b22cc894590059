import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { AuthUser } from '@app/auth';
import { BreakerOpenError } from '@app/common';
import { breakerConfig, paymentsConfig } from '@app/config';
import {
  asAccepted,
  assertCanMove,
  CancelUnavailableError,
  IdempotencyKeyReusedError,
  InvalidIdempotencyKeyError,
  Money,
  Order,
  OrderForbiddenError,
  OrderLine,
  OrderNotFoundError,
  OrderPricing,
  OrderStoreUnavailableError,
  placeOrder,
  PriceChangedError,
  quote,
  Quote,
  UnknownProductError,
} from '@app/domain';
import { isMongoOutage } from '@app/persistence';
import { orderStatusTransitions } from '@app/observability';
import { OrderOutbox } from '../outbox/order-outbox';
import { CancelAcceptedDto, OrderPageDto, OrderQuoteDto, OrderResponseDto } from './dto/order-response.dto';
import { CancelRequests } from './cancel-requests';
import { CatalogCopyRepository } from '../catalog-copy/catalog-copy.repository';
import { CatalogOrderDto, ClientPricedOrderDto, IDEMPOTENCY_KEY_PATTERN, PlaceOrderDto, QuoteRequestDto } from './dto/place-order.dto';
import { decodeCursor, encodeCursor } from './order-cursor';
import { idFromIdempotencyKey, requestHash } from './order-identity';
import { toOrderResponse, toQuoteResponse } from './order-response.mapper';
import { pricingConfig } from './pricing.config';
import { DuplicateOrderError, OrdersRepository } from './orders.repository';

export interface PlacedOrder {
  order: OrderResponseDto;
  /** True when an Idempotency-Key replay answered with the order placed earlier. */
  replayed: boolean;
}

const IDEMPOTENCY_KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

interface PricedRequest {
  cost: Money;
  lines: OrderLine[];
  pricing?: OrderPricing;
}

function isCatalogOrder(request: PlaceOrderDto): request is CatalogOrderDto {
  return request.orderitems.some((item) => 'productId' in item);
}

/** The original API: the client's cost and items, as sent. */
function clientPriced(request: ClientPricedOrderDto): PricedRequest {
  return {
    cost: Money.ofMajor(request.cost),
    lines: request.orderitems.map((item) => ({
      name: item.name,
      quantity: item.quantity,
      ...(item.price !== undefined ? { unitPrice: Money.ofMajor(item.price) } : {}),
    })),
  };
}

/** Placing and reading orders. Throws domain errors only; the edge turns them into statuses. */
@Injectable()
export class OrdersService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly outbox: OrderOutbox,
    private readonly catalog: CatalogCopyRepository,
    private readonly cancelRequests: CancelRequests,
    @Inject(pricingConfig.KEY) private readonly pricing: ConfigType<typeof pricingConfig>,
    @Inject(breakerConfig.KEY) private readonly breakerSettings: ConfigType<typeof breakerConfig>,
    @Inject(paymentsConfig.KEY) private readonly payments: ConfigType<typeof paymentsConfig>,
  ) {}

  async place(user: AuthUser, request: PlaceOrderDto, idempotencyKey: string | undefined, correlationId: string): Promise<PlacedOrder> {
    const userId = request.userid ?? user.id;
    if (userId !== user.id) throw new OrderForbiddenError('Orders can be placed only for the user of the token');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) throw new InvalidIdempotencyKeyError();
    const { cost, lines, pricing } = isCatalogOrder(request) ? await this.priced(request) : clientPriced(request);
    const at = new Date();
    const order = placeOrder({
      id: idempotencyKey ? idFromIdempotencyKey(userId, idempotencyKey) : this.orders.newId(),
      userId,
      cost,
      lines,
      ...(pricing ? { pricing } : {}),
      ...(idempotencyKey ? { idempotency: { key: idempotencyKey, requestHash: requestHash(userId, request) } } : {}),
      correlationId,
      ...(this.payments.enabled ? { paymentMethod: request.paymentMethod ?? this.payments.defaultMethod, currency: this.payments.currency } : {}),
      at,
    });

    // A replay is answered before the insert, which would take a number in the user's list for
    // nothing: a client replaying one key a million times would leave a million-number gap that
    // every read of the list walks.
    if (order.idempotency) {
      const earlier = await this.orders.findById(order.id).catch((error: unknown) => {
        throw this.storeError(error);
      });
      if (earlier) return this.replay(order, earlier);
    }
    const entry = this.outbox.entryForNewOrder(at);
    try {
      await this.orders.insert(order, entry);
    } catch (error) {
      if (error instanceof DuplicateOrderError && order.idempotency) return this.replay(order);
      throw this.storeError(error);
    }
    orderStatusTransitions.inc({ to: 'PLACED' });
    await this.outbox.publish([{ order, traceparent: entry.traceparent }]);
    return { order: toOrderResponse(order), replayed: false };
  }

  /**
   * Prices the order from the copy of the catalog: no call to the catalog, so its being down
   * does not stop orders. A product the copy does not have (yet) is unknown.
   */
  private async priced(request: CatalogOrderDto): Promise<PricedRequest> {
    const current = await this.currentQuote(request.orderitems);
    if (request.cost !== undefined && !Money.ofMajor(request.cost).equals(current.total)) {
      throw new PriceChangedError(request.cost, toQuoteResponse(current));
    }
    return {
      cost: current.total,
      lines: current.lines.map((line) => ({ productId: line.productId, name: line.name, quantity: line.quantity, unitPrice: line.unitPrice })),
      pricing: { subtotal: current.subtotal, fee: current.fee, total: current.total },
    };
  }

  /** What catalog products cost now, from the copy, as POST /order would price them; nothing is placed. */
  async quoteFor(request: QuoteRequestDto): Promise<OrderQuoteDto> {
    return toQuoteResponse(await this.currentQuote(request.orderitems));
  }

  private async currentQuote(items: QuoteRequestDto['orderitems']): Promise<Quote> {
    const prices = await this.catalog.pricesOf(items.map((item) => item.productId)).catch((error: unknown) => {
      throw this.storeError(error);
    });
    const unknown = items.flatMap((item, index) => (prices.has(item.productId) ? [] : [{ index, productId: item.productId }]));
    if (unknown.length > 0) throw new UnknownProductError(unknown);
    return quote(
      items.map((item) => ({ price: prices.get(item.productId)!, quantity: item.quantity })),
      this.pricing.feeBasisPoints,
    );
  }

  /**
   * The owner's cancel: refused at once when the order cannot be cancelled any more (409), else
   * handed to the order processor, which moves it to CANCELLED if it still may (the catalog then
   * gives its stock back). 202: requested; GET shows the outcome.
   */
  async cancel(user: AuthUser, orderId: string, correlationId: string): Promise<CancelAcceptedDto> {
    const order = await this.orders.findById(orderId).catch((error: unknown) => {
      throw this.storeError(error);
    });
    if (!order || order.userId !== user.id) throw new OrderNotFoundError(orderId);
    assertCanMove(orderId, order.status, 'CANCELLED');
    try {
      await this.cancelRequests.request(orderId, user.id, correlationId, new Date());
    } catch (error) {
      throw new CancelUnavailableError(Math.max(1, Math.ceil(this.breakerSettings.kafka.resetTimeoutMs / 1000)), error);
    }
    return { orderid: orderId, status: order.status, cancel: 'requested' };
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
    return { orders: page.orders.map(toOrderResponse), nextCursor: page.next ? encodeCursor(page.next) : null };
  }

  private async replay(attempt: Order, earlier?: Order): Promise<PlacedOrder> {
    const existing =
      earlier ??
      (await this.orders.findById(attempt.id).catch((error: unknown) => {
        throw this.storeError(error);
      }));
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
