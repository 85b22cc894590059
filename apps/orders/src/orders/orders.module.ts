import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { Order, OrderSchema } from '@app/persistence';
import { OrderBreakers } from './order-breakers';
import { OrdersController } from './orders.controller';
import { OrdersReadinessCheck } from './orders-readiness.check';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';
import { OutboxRelay } from './outbox-relay.service';
import { PublicationRecorder } from './publication-recorder';

@Module({
  imports: [MongooseModule.forFeature([{ name: Order.name, schema: OrderSchema }]), TerminusModule],
  controllers: [OrdersController],
  providers: [OrderBreakers, OrdersRepository, PublicationRecorder, OrdersService, OutboxRelay, OrdersReadinessCheck],
  exports: [OrdersReadinessCheck, OrdersService, OutboxRelay],
})
export class OrdersModule {}
