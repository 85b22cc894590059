import { Module } from '@nestjs/common';
import { CatalogOutboxRelay } from './catalog-outbox-relay';

/** The catalog's transactional outbox relay to `catalog.products`. */
@Module({ providers: [CatalogOutboxRelay], exports: [CatalogOutboxRelay] })
export class CatalogOutboxModule {}
