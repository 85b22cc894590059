import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OrderDocument, OrderSchema } from '@app/persistence';
import { CatalogCopyModule } from '../catalog-copy/catalog-copy.module';
import { OutboxModule } from '../outbox/outbox.module';
import { CancelRequests } from './cancel-requests';
import { MongoOrdersRepository } from './mongo-orders.repository';
import { OrdersController } from './orders.controller';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: OrderDocument.name, schema: OrderSchema }]), OutboxModule, CatalogCopyModule],
  controllers: [OrdersController],
  providers: [{ provide: OrdersRepository, useClass: MongoOrdersRepository }, OrdersService, CancelRequests],
  exports: [OrdersService],
})
export class OrdersModule {}
