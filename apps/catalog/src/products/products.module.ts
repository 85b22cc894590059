import { Module } from '@nestjs/common';
import { CatalogOutboxModule } from '../outbox/catalog-outbox.module';
import { DrizzleProductsRepository } from './drizzle-products.repository';
import { ProductsController } from './products.controller';
import { ProductsRepository } from './products.repository';
import { ProductsService } from './products.service';

@Module({
  imports: [CatalogOutboxModule],
  controllers: [ProductsController],
  providers: [{ provide: ProductsRepository, useClass: DrizzleProductsRepository }, ProductsService],
})
export class ProductsModule {}
