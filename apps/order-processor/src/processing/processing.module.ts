import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { Order, OrderSchema } from '@app/persistence';
import { ConsumerStatus } from './consumer-status';
import { OrderPlacedConsumer } from './order-placed.consumer';
import { OrderProcessingService } from './order-processing.service';
import { ProcessedOrdersRepository } from './processed-orders.repository';

@Module({
  imports: [MongooseModule.forFeature([{ name: Order.name, schema: OrderSchema }]), TerminusModule],
  controllers: [OrderPlacedConsumer],
  providers: [OrderProcessingService, ProcessedOrdersRepository, ConsumerStatus],
  exports: [ConsumerStatus, OrderProcessingService],
})
export class ProcessingModule {}
