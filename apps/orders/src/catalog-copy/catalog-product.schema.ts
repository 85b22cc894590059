import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * The orders side's copy of one catalog product, from `catalog.products`: what pricing needs.
 * A deleted product stays, marked, so an older event that arrives late cannot bring it back.
 */
@Schema({ collection: 'catalog_products', versionKey: false })
export class CatalogProductDocument {
  /** The product's UUID. */
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ required: true })
  name: string;

  @Prop({ required: true })
  priceMinor: number;

  @Prop({ required: true })
  available: number;

  /** The catalog's version of the product: a change older than the copy's is ignored. */
  @Prop({ required: true })
  version: number;

  @Prop({ required: true })
  deleted: boolean;

  /** When the catalog made the change this copy holds, and when the copy took it in: the lag. */
  @Prop({ required: true })
  changedAt: Date;

  @Prop({ required: true })
  copiedAt: Date;
}

export const CatalogProductSchema = SchemaFactory.createForClass(CatalogProductDocument);
