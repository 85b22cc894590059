import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CatalogCopyRepository } from './catalog-copy.repository';
import { CatalogCopyUpdater } from './catalog-copy.updater';
import { CatalogProductDocument, CatalogProductSchema } from './catalog-product.schema';
import { MongoCatalogCopyRepository } from './mongo-catalog-copy.repository';
import { ProductEventsConsumer } from './product-events.consumer';

/** The catalog as apps/orders prices from it: a copy kept from `catalog.products`, no call to the catalog. */
@Module({
  imports: [MongooseModule.forFeature([{ name: CatalogProductDocument.name, schema: CatalogProductSchema }])],
  controllers: [ProductEventsConsumer],
  providers: [{ provide: CatalogCopyRepository, useClass: MongoCatalogCopyRepository }, CatalogCopyUpdater],
  exports: [CatalogCopyRepository],
})
export class CatalogCopyModule {}
