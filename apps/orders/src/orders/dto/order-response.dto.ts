import { ORDER_STATUSES, PAYMENT_STATUSES } from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class OrderItemResponseDto {
  @ApiProperty({ example: 'Espresso beans 1kg' })
  name: string;

  @ApiProperty({ example: 2 })
  quantity: number;

  @ApiPropertyOptional({ example: 12.5 })
  price?: number;
}

/** A line the server priced from the catalog. */
export class OrderLineResponseDto {
  @ApiProperty({ example: '0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10' })
  productId: string;

  @ApiProperty({ example: 'Espresso beans 1kg' })
  name: string;

  @ApiProperty({ example: 12.65, description: "The catalog's price when the order was placed" })
  unitPrice: number;

  @ApiProperty({ example: 2 })
  quantity: number;
}

/** What an order of catalog products costs: also the `details` of ORDER.PRICE_CHANGED. */
export class OrderQuoteDto {
  @ApiProperty({ type: [OrderLineResponseDto] })
  lines: OrderLineResponseDto[];

  @ApiProperty({ example: 25.3, description: 'Σ unitPrice × quantity' })
  subtotal: number;

  @ApiProperty({ example: 5.06, description: 'ORDER_FEE_PERCENT of the subtotal, rounded half-even to the cent' })
  fee: number;

  @ApiProperty({ example: 30.36, description: 'subtotal + fee; the order’s cost' })
  total: number;
}

export class StatusChangeDto {
  @ApiProperty({ enum: ORDER_STATUSES })
  status: string;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  at: string;

  @ApiPropertyOptional({ example: 'OUT_OF_STOCK: 0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10 (2 wanted, 1 available)' })
  reason?: string;
}

export class OrderPaymentDto {
  @ApiProperty({ enum: PAYMENT_STATUSES, description: 'CANCELLED: nothing was taken (or an uncaptured intent was cancelled)' })
  status: string;

  @ApiProperty({ description: 'What is charged: the order’s cost', example: 25.3 })
  amount: number;

  @ApiProperty({ description: 'ISO 4217, lower case', example: 'usd' })
  currency: string;

  @ApiProperty({ description: 'Given back so far', example: 0 })
  refunded: number;
}

export class OrderResponseDto {
  @ApiProperty({ example: '6650a1c2e4b0f5a1b2c3d4e6' })
  orderid: string;

  @ApiProperty({ example: '6650a1c2e4b0f5a1b2c3d4e5' })
  userid: string;

  @ApiProperty({ example: 25.3 })
  cost: number;

  @ApiProperty({ type: [OrderItemResponseDto] })
  orderitems: OrderItemResponseDto[];

  @ApiPropertyOptional({ type: [OrderLineResponseDto], description: 'Orders of catalog products only' })
  lines?: OrderLineResponseDto[];

  @ApiPropertyOptional({ example: 25.3, description: 'Orders of catalog products only' })
  subtotal?: number;

  @ApiPropertyOptional({ example: 5.06, description: 'Orders of catalog products only' })
  fee?: number;

  @ApiPropertyOptional({ example: 30.36, description: 'Orders of catalog products only; equal to cost' })
  total?: number;

  @ApiProperty({ enum: ORDER_STATUSES })
  status: string;

  @ApiProperty({ type: [StatusChangeDto] })
  statusHistory: StatusChangeDto[];

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  updatedAt: string;

  @ApiPropertyOptional({ example: '2026-11-22T10:00:01.000Z' })
  processedAt?: string;

  @ApiProperty({ type: OrderPaymentDto, nullable: true, description: 'null when the platform takes no payment (PAYMENTS_ENABLED=false)' })
  payment: OrderPaymentDto | null;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderResponseDto] })
  orders: OrderResponseDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor: string | null;
}

export class CancelAcceptedDto {
  @ApiProperty({ example: '6650a1c2e4b0f5a1b2c3d4e6' })
  orderid: string;

  @ApiProperty({ enum: ORDER_STATUSES, description: 'The status when the cancel was requested' })
  status: string;

  @ApiProperty({ enum: ['requested'], description: 'The order processor cancels it if it still may; GET /orderdetails shows the outcome' })
  cancel: 'requested';
}
