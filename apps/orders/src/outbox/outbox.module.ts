import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OrderDocument, OrderSchema } from '@app/persistence';
import { MongoOutboxRepository } from './mongo-outbox.repository';
import { OrderOutbox } from './order-outbox';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';
import { PublicationRecorder } from './publication-recorder';

/**
 * The integration-event outbox of OrderPlaced: publish now, record, release, relay. The order
 * flow sees only OrderOutbox; readiness reads the relay's backlog.
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: OrderDocument.name, schema: OrderSchema }])],
  providers: [{ provide: OutboxRepository, useClass: MongoOutboxRepository }, PublicationRecorder, OrderOutbox, OutboxRelay],
  exports: [OrderOutbox, OutboxRelay],
})
export class OutboxModule {}
