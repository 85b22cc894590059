import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class OrderItemResponseDto {
  @ApiProperty({ example: 'Espresso beans 1kg' })
  name: string;

  @ApiProperty({ example: 2 })
  quantity: number;

  @ApiPropertyOptional({ example: 12.5 })
  price?: number;
}

export class StatusChangeDto {
  @ApiProperty({ enum: ['PLACED', 'PROCESSED'] })
  status: string;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  at: string;
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

  @ApiProperty({ enum: ['PLACED', 'PROCESSED'] })
  status: string;

  @ApiProperty({ type: [StatusChangeDto] })
  statusHistory: StatusChangeDto[];

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  updatedAt: string;

  @ApiPropertyOptional({ example: '2026-11-22T10:00:01.000Z' })
  processedAt?: string;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderResponseDto] })
  orders: OrderResponseDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor: string | null;
}
