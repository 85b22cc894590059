import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { OrderDocument, OrderSchema } from '@app/persistence';
import { CancelRequestHandler } from './cancel-request.handler';
import { ConsumerStatus } from './consumer-status';
import { DeadLetters } from './dead-letters';
import { MongoProcessedOrdersRepository } from './mongo-processed-orders.repository';
import { OrderEventsConsumer } from './order-events.consumer';
import { OrderPlacedHandler } from './order-placed.handler';
import { PaymentOutcomeHandler } from './payment-outcome.handler';
import { OrderStatusChange } from './order-status-change';
import { OrderStatusEventMapper } from './order-status.event-mapper';
import { ProcessOrders } from './process-orders';
import { ProcessedOrdersRepository } from './processed-orders.repository';
import { StatusWriteRetry } from './status-write-retry';
import { StockOutcomeHandler } from './stock-outcome.handler';

@Module({
  imports: [MongooseModule.forFeature([{ name: OrderDocument.name, schema: OrderSchema }]), TerminusModule],
  controllers: [OrderEventsConsumer],
  providers: [
    OrderPlacedHandler,
    StockOutcomeHandler,
    CancelRequestHandler,
    PaymentOutcomeHandler,
    ProcessOrders,
    OrderStatusChange,
    StatusWriteRetry,
    DeadLetters,
    OrderStatusEventMapper,
    { provide: ProcessedOrdersRepository, useClass: MongoProcessedOrdersRepository },
    ConsumerStatus,
  ],
  exports: [ConsumerStatus],
})
export class ProcessingModule {}
