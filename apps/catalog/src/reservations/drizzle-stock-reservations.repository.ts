import { Injectable } from '@nestjs/common';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { StockLineV1, StockRejectedLineV1 } from '@app/contracts';
import { Money } from '@app/domain';
import { CatalogDatabase } from '../database/catalog-database';
import { CatalogStoreBreaker } from '../database/catalog-store-breaker';
import { catalogOutbox, ProductRow, products, stockReservations } from '../database/schema';
import { OrderRef, toOutboxRow, toProductUpserted, toStockOutboxRow, toStockRejected, toStockReserved } from '../outbox/catalog.event-mapper';
import { mergeLines } from './order-lines';
import { ReleaseOutcome, ReservationOutcome, StockReservationsRepository } from './stock-reservations.repository';

type Transaction = Parameters<Parameters<CatalogDatabase['db']['transaction']>[0]>[0];

/** Thrown inside the savepoint when a line cannot be had: rolls back the lines reserved before it. */
class LineRefused extends Error {}

function upsertedOf(row: ProductRow) {
  return toProductUpserted({ ...row, description: row.description ?? undefined, price: Money.ofMinor(row.priceMinor) });
}

/**
 * One transaction per order. Each line is a conditional update (`stock - reserved >= quantity`
 * and not deleted) that locks the product's row: concurrent orders of one product queue on it
 * and each sees what the one before left, so stock is never oversold. Products are locked in id
 * order, so two orders of the same products cannot deadlock.
 */
@Injectable()
export class DrizzleStockReservationsRepository extends StockReservationsRepository {
  constructor(
    private readonly database: CatalogDatabase,
    private readonly breaker: CatalogStoreBreaker,
  ) {
    super();
  }

  reserve(order: OrderRef, orderLines: StockLineV1[], at: Date): Promise<ReservationOutcome> {
    const lines = mergeLines(orderLines);
    const { orderId } = order;
    return this.breaker.run(() =>
      this.database.db.transaction(async (tx): Promise<ReservationOutcome> => {
        const [claimed] = await tx
          .insert(stockReservations)
          .values({ orderId, status: 'RESERVED', lines, createdAt: at, updatedAt: at })
          .onConflictDoNothing()
          .returning({ orderId: stockReservations.orderId });
        if (!claimed) return { outcome: 'already-answered' };
        // A line refused, but no line short once the savepoint is rolled back: another order let
        // go of stock in between. Try again rather than answer with no reason.
        for (let attempt = 1; ; attempt++) {
          const changed = await this.reserveLines(tx, lines, at);
          if (changed) {
            await tx
              .insert(catalogOutbox)
              .values([toStockOutboxRow(toStockReserved(order, lines, at), order.traceparent), ...changed.map((row) => toOutboxRow(upsertedOf(row), order.traceparent))]);
            return { outcome: 'reserved', lines };
          }
          const rejected = await this.whyRefused(tx, lines);
          if (rejected.length === 0 && attempt < 3) continue;
          await tx.update(stockReservations).set({ status: 'REJECTED', updatedAt: at }).where(eq(stockReservations.orderId, orderId));
          await tx.insert(catalogOutbox).values(toStockOutboxRow(toStockRejected(order, rejected, at), order.traceparent));
          return { outcome: 'rejected', rejected };
        }
      }),
    );
  }

  release(orderId: string, at: Date): Promise<ReleaseOutcome> {
    return this.breaker.run(() =>
      this.database.db.transaction(async (tx): Promise<ReleaseOutcome> => {
        const [marked] = await tx
          .insert(stockReservations)
          .values({ orderId, status: 'CANCELLED', lines: [], createdAt: at, updatedAt: at })
          .onConflictDoNothing()
          .returning({ orderId: stockReservations.orderId });
        if (marked) return 'before-reservation';
        const [held] = await tx.select().from(stockReservations).where(eq(stockReservations.orderId, orderId)).for('update');
        if (held?.status !== 'RESERVED') return 'nothing-held';
        const changed: ProductRow[] = [];
        for (const line of held.lines as StockLineV1[]) {
          const [row] = await tx
            .update(products)
            .set({ reserved: sql`${products.reserved} - ${line.quantity}`, version: sql`${products.version} + 1`, updatedAt: at })
            .where(eq(products.id, line.productId))
            .returning();
          if (row) changed.push(row);
        }
        await tx.update(stockReservations).set({ status: 'RELEASED', updatedAt: at }).where(eq(stockReservations.orderId, orderId));
        // A deleted product's stock is given back too, but buyers are told nothing of it.
        const visible = changed.filter((row) => row.deletedAt === null);
        if (visible.length > 0) await tx.insert(catalogOutbox).values(visible.map((row) => toOutboxRow(upsertedOf(row))));
        return 'released';
      }),
    );
  }

  /**
   * Every line's conditional update: all of them, or none (null). Several lines run inside a
   * savepoint that a refused line rolls back; one line needs none (it changed its row or nothing),
   * which spares two of the order's seven round trips to PostgreSQL.
   */
  private async reserveLines(tx: Transaction, lines: StockLineV1[], at: Date): Promise<ProductRow[] | null> {
    if (lines.length === 1) {
      const row = await this.reserveLine(tx, lines[0], at);
      return row ? [row] : null;
    }
    const changed: ProductRow[] = [];
    try {
      await tx.transaction(async (savepoint) => {
        for (const line of lines) {
          const row = await this.reserveLine(savepoint, line, at);
          if (!row) throw new LineRefused();
          changed.push(row);
        }
      });
      return changed;
    } catch (error) {
      if (error instanceof LineRefused) return null;
      throw error;
    }
  }

  /** The line's conditional update; undefined when the product is gone or short. */
  private async reserveLine(tx: Transaction, line: StockLineV1, at: Date): Promise<ProductRow | undefined> {
    const [row] = await tx
      .update(products)
      .set({ reserved: sql`${products.reserved} + ${line.quantity}`, version: sql`${products.version} + 1`, updatedAt: at })
      .where(and(eq(products.id, line.productId), isNull(products.deletedAt), sql`${products.stock} - ${products.reserved} >= ${line.quantity}`))
      .returning();
    return row;
  }
  /** Every line that cannot be had as things stand (the savepoint's updates are rolled back). */
  private async whyRefused(tx: Transaction, lines: StockLineV1[]): Promise<StockRejectedLineV1[]> {
    const rows = await tx
      .select({ id: products.id, stock: products.stock, reserved: products.reserved, deletedAt: products.deletedAt })
      .from(products)
      .where(inArray(products.id, lines.map((line) => line.productId)));
    const byId = new Map(rows.map((row) => [row.id, row]));
    return lines.flatMap((line): StockRejectedLineV1[] => {
      const product = byId.get(line.productId);
      if (!product || product.deletedAt !== null) return [{ ...line, reason: 'PRODUCT_GONE' }];
      const available = product.stock - product.reserved;
      return available < line.quantity ? [{ ...line, reason: 'OUT_OF_STOCK', available }] : [];
    });
  }
}
