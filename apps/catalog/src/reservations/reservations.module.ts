import { Module } from '@nestjs/common';
import { CatalogOutboxModule } from '../outbox/catalog-outbox.module';
import { DrizzleStockReservationsRepository } from './drizzle-stock-reservations.repository';
import { PlacedOrdersConsumer } from './placed-orders.consumer';
import { ReservationsService } from './reservations.service';
import { StockReservationsRepository } from './stock-reservations.repository';

/** The catalog's part of the order saga: stock reserved for placed orders, answered on catalog.stock. */
@Module({
  imports: [CatalogOutboxModule],
  controllers: [PlacedOrdersConsumer],
  providers: [{ provide: StockReservationsRepository, useClass: DrizzleStockReservationsRepository }, ReservationsService],
})
export class ReservationsModule {}
