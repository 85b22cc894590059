import { ApiProperty } from '@nestjs/swagger';
import { Static, Type } from '@sinclair/typebox';

export const DEFAULT_PAGE_SIZE = 20;

export const LedgerQuerySchema = Type.Object(
  {
    userid: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$', description: "Another user's entries: administrators only (403 otherwise)" }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE, description: 'Page size' })),
    cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,17}$', description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type LedgerQuery = Static<typeof LedgerQuerySchema>;

export const CompensationsQuerySchema = Type.Object(
  {
    // An enum, not a union of constants: OpenAPI 3.0 (what the document is) has no `const`.
    status: Type.Optional(Type.Unsafe<'PENDING' | 'DONE'>({ type: 'string', enum: ['PENDING', 'DONE'], description: 'Only these' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'At most this many, pending first' })),
  },
  { additionalProperties: false },
);
export type CompensationsQuery = Static<typeof CompensationsQuerySchema>;

export class LedgerEntryDto {
  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60718' }) orderid: string;
  @ApiProperty() userid: string;
  @ApiProperty({ description: 'Items of the order (the sum of its quantities)' }) numberOfItems: number;
  @ApiProperty({ description: 'In the order’s money format; a refund is negative', example: 25.3 }) amount: number;
  @ApiProperty({ example: 'usd' }) currency: string;
  @ApiProperty({ enum: ['CHARGE', 'REFUND'] }) kind: 'CHARGE' | 'REFUND';
  @ApiProperty({ description: 'The provider’s PaymentIntent (a charge) or Refund id', example: 'pi_3Mtw…' }) providerId: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class LedgerPageDto {
  @ApiProperty({ type: [LedgerEntryDto] }) entries: LedgerEntryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}

export class CompensationDto {
  @ApiProperty({ description: 'The transaction id', format: 'uuid' }) id: string;
  @ApiProperty() orderid: string;
  @ApiProperty({ enum: ['REFUND', 'VOID_CHARGE'] }) kind: string;
  @ApiProperty({ enum: ['CANCELLED', 'PRODUCT_WITHDRAWN', 'CANCEL_RACED', 'PAYMENT_DEADLINE'] }) cause: string;
  @ApiProperty({ example: 25.3 }) amount: number;
  @ApiProperty({ enum: ['PENDING', 'DONE'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) nextAttemptAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'What the provider answered when done' }) outcome: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) doneAt: string | null;
}

export class CompensationListDto {
  @ApiProperty({ type: [CompensationDto] }) compensations: CompensationDto[];
  @ApiProperty({ description: 'Pending in all' }) pending: number;
}
