import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Types } from 'mongoose';
import { AppException, BreakerOpenError } from '@app/common';
import { AuthUser } from '@app/auth';
import { breakerConfig } from '@app/config';
import { ordersConfig } from '../orders.config';
import { EventPublisher, TOPICS } from '@app/messaging';
import { EventHeader, ORDER_PLACED_EVENT, ORDER_PLACED_SCHEMA_VERSION, OutgoingEvent } from '@app/contracts';
import type { ResolvedTopics } from '@app/messaging';
import { toMinorUnits } from '@app/persistence';
import { OrderPageDto, OrderResponseDto } from './dto/order-response.dto';
import { CURSOR_PATTERN } from './dto/order-details-query.dto';
import { IDEMPOTENCY_KEY_PATTERN, PlaceOrderDto } from './dto/place-order.dto';
import { toOrderPlacedEvent, toOrderResponse, toPlacedResponse } from './order.mapper';
import { isStoreOutage, OrderBreakers } from './order-breakers';
import { OrderErrorCode } from './orders.errors';
import { PublicationRecorder } from './publication-recorder';
import { DuplicateOrderError, OrderRecord, OrdersRepository, PageCursor } from './orders.repository';

export interface PlacedOrder {
  order: OrderResponseDto;
  /** True when an Idempotency-Key replay answered with the order placed earlier. */
  replayed: boolean;
}

const CURSOR = new RegExp(CURSOR_PATTERN);
const IDEMPOTENCY_KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);
  /** Owner of this instance's outbox leases, for the request path and the relay alike. */
  readonly outboxOwner = `orders-${randomUUID()}`;
  /** When a publish of this instance last failed (ms since the epoch): the relay then sweeps. */
  lastPublishFailureAt = 0;

  constructor(
    private readonly orders: OrdersRepository,
    private readonly publisher: EventPublisher,
    private readonly breakers: OrderBreakers,
    private readonly publications: PublicationRecorder,
    @Inject(TOPICS) private readonly topics: ResolvedTopics,
    @Inject(breakerConfig.KEY) private readonly breakerSettings: ConfigType<typeof breakerConfig>,
    @Inject(ordersConfig.KEY) private readonly settings: ConfigType<typeof ordersConfig>,
  ) {}

  async place(user: AuthUser, request: PlaceOrderDto, idempotencyKey: string | undefined, correlationId: string): Promise<PlacedOrder> {
    const userid = request.userid ?? user.id;
    if (userid !== user.id) {
      throw new AppException(403, OrderErrorCode.FORBIDDEN, 'Orders can be placed only for the user of the token');
    }
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new AppException(400, OrderErrorCode.INVALID_IDEMPOTENCY_KEY, 'Idempotency-Key must be 1–128 of letters, digits, . _ : -');
    }
    const now = new Date();
    const order: OrderRecord = {
      _id: idempotencyKey ? idFromKey(userid, idempotencyKey) : new Types.ObjectId(),
      userid,
      costMinor: toMinorUnits(request.cost),
      orderitems: request.orderitems.map((item) => ({
        name: item.name,
        quantity: item.quantity,
        ...(item.price !== undefined ? { priceMinor: toMinorUnits(item.price) } : {}),
      })),
      status: 'PLACED',
      statusHistory: [{ status: 'PLACED', at: now }],
      // Inserted already claimed by this instance: the relay keeps off while the first
      // publish is under way, however long kafkajs keeps retrying it.
      outbox: { published: false, leaseUntil: new Date(now.getTime() + this.settings.relayLeaseMs), leaseOwner: this.outboxOwner, attempts: 1 },
      outboxPending: true,
      ...(idempotencyKey ? { idempotency: { key: idempotencyKey, requestHash: requestHash(userid, request) } } : {}),
      correlationId,
      createdAt: now,
      updatedAt: now,
    };

    try {
      await this.orders.insert(order);
    } catch (error) {
      if (error instanceof DuplicateOrderError && order.idempotency) return this.replay(order);
      throw this.storeError(error);
    }
    await this.publishPlaced([order]);
    return { order: toOrderResponse(order), replayed: false };
  }

  /**
   * Publishes OrderPlaced for orders this instance has claimed, and marks them published.
   * Failure is not an error for the caller: the orders stay unpublished for the relay.
   * A send the breaker gave up waiting for may still finish; its outcome is applied when
   * it does, and only then is the claim released, so an order is never sent twice at once.
   */
  async publishPlaced(orders: OrderRecord[]): Promise<boolean> {
    const events: OutgoingEvent[] = orders.map((order) => ({
      topic: this.topics.ORDER_PLACED,
      key: order._id.toHexString(),
      value: toOrderPlacedEvent(order),
      headers: {
        [EventHeader.CORRELATION_ID]: order.correlationId ?? order._id.toHexString(),
        [EventHeader.EVENT_TYPE]: ORDER_PLACED_EVENT,
        [EventHeader.SCHEMA_VERSION]: String(ORDER_PLACED_SCHEMA_VERSION),
      },
    }));
    let sending: Promise<void> | undefined;
    try {
      await this.breakers.publish.run(() => (sending = this.publisher.publish(events)));
    } catch (error) {
      this.lastPublishFailureAt = Date.now();
      this.logger.warn(
        { err: error instanceof BreakerOpenError ? undefined : error, orders: orders.length, breaker: this.breakers.publish.state },
        'OrderPlaced not published; the relay will retry',
      );
      const straggler = sending ?? Promise.reject(error);
      straggler.then(
        () => this.recordPublished(orders),
        () => this.release(orders),
      );
      return false;
    }
    this.recordPublished(orders);
    return true;
  }

  /**
   * Records the publication beside the order (an insert) instead of updating it: once the
   * event is on Kafka the processor may be updating the order, and FerretDB would let a
   * second update undo its write. The processor sets the order's outbox marker itself.
   */
  private recordPublished(orders: OrderRecord[]): void {
    this.publications.record(orders.map((order) => order._id));
  }

  private async release(orders: OrderRecord[]): Promise<void> {
    try {
      await this.orders.releaseClaims(
        orders.map((order) => order._id),
        this.outboxOwner,
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox claims could not be released; they lapse with their lease');
    }
  }

  async findOne(user: AuthUser, orderid: string, userid?: string): Promise<OrderResponseDto> {
    if (userid !== undefined && userid !== user.id) {
      throw new AppException(403, OrderErrorCode.FORBIDDEN, "Another user's orders cannot be read");
    }
    const order = await this.orders.findById(new Types.ObjectId(orderid)).catch((error: unknown) => {
      throw this.storeError(error);
    });
    // Someone else's order is "not found": its existence is not the caller's business.
    if (!order || order.userid !== user.id) {
      throw new AppException(404, OrderErrorCode.NOT_FOUND, `Order ${orderid} not found`);
    }
    return toOrderResponse(order);
  }

  async findForUser(user: AuthUser, userid: string, limit: number, cursor?: string): Promise<OrderPageDto> {
    if (userid !== user.id) {
      throw new AppException(403, OrderErrorCode.FORBIDDEN, "Another user's orders cannot be listed");
    }
    const page = await this.orders.findByUser(userid, limit, cursor ? decodeCursor(cursor) : undefined).catch((error: unknown) => {
      throw this.storeError(error);
    });
    const last = page.orders.at(-1);
    return {
      orders: page.orders.map(toOrderResponse),
      nextCursor: page.hasMore && last ? encodeCursor({ createdAt: last.createdAt, id: last._id }) : null,
    };
  }

  private async replay(attempt: OrderRecord): Promise<PlacedOrder> {
    const existing = await this.orders.findById(attempt._id).catch((error: unknown) => {
      throw this.storeError(error);
    });
    if (!existing || existing.userid !== attempt.userid || existing.idempotency?.requestHash !== attempt.idempotency?.requestHash) {
      throw new AppException(
        422,
        OrderErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This Idempotency-Key was already used with a different request',
      );
    }
    return { order: toPlacedResponse(existing), replayed: true };
  }

  private storeError(error: unknown): unknown {
    if (error instanceof BreakerOpenError || isStoreOutage(error)) {
      const retryAfter = Math.max(1, Math.ceil(this.breakerSettings.mongo.resetTimeoutMs / 1000));
      return new AppException(503, OrderErrorCode.STORE_UNAVAILABLE, 'The order store is unavailable; nothing was written, retry later', {
        headers: { 'Retry-After': String(retryAfter) },
        cause: error,
      });
    }
    return error;
  }
}

/** An order id derived from user and key: the orders' own unique _id index makes the key single-use. */
function idFromKey(userid: string, key: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`${userid}\u0000${key}`).digest('hex').slice(0, 24));
}

function requestHash(userid: string, request: PlaceOrderDto): string {
  const canonical = {
    userid,
    cost: toMinorUnits(request.cost),
    orderitems: request.orderitems.map((item) => [item.name, item.quantity, item.price === undefined ? null : toMinorUnits(item.price)]),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** `<createdAt ms>-<order id>`: every string of CURSOR_PATTERN is a position in a list. */
function encodeCursor(cursor: PageCursor): string {
  return `${cursor.createdAt.getTime()}-${cursor.id.toHexString()}`;
}

function decodeCursor(cursor: string): PageCursor {
  const match = CURSOR.exec(cursor);
  const createdAt = new Date(Number(match?.[1]));
  if (!match || Number.isNaN(createdAt.getTime())) {
    throw new AppException(400, OrderErrorCode.INVALID_CURSOR, 'cursor is not one this API gave out');
  }
  return { createdAt, id: new Types.ObjectId(match[2]) };
}
