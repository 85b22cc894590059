import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { OrderDocument, OrderSchema } from '@app/persistence';
import { ConsumerStatus } from './consumer-status';
import { OrderPlacedConsumer } from './order-placed.consumer';
import { OrderProcessingService } from './order-processing.service';
import { MongoProcessedOrdersRepository } from './mongo-processed-orders.repository';
import { ProcessedOrdersRepository } from './processed-orders.repository';

@Module({
  imports: [MongooseModule.forFeature([{ name: OrderDocument.name, schema: OrderSchema }]), TerminusModule],
  controllers: [OrderPlacedConsumer],
  providers: [OrderProcessingService, { provide: ProcessedOrdersRepository, useClass: MongoProcessedOrdersRepository }, ConsumerStatus],
  exports: [ConsumerStatus, OrderProcessingService],
})
export class ProcessingModule {}
