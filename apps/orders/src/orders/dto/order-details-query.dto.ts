import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export class OrderDetailsQueryDto {
  @ApiPropertyOptional({ example: '6650a1c2e4b0f5a1b2c3d4e6', description: 'One order (give this or userid)' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-f]{24}$/, { message: 'orderid must be a 24-character hex order id' })
  orderid?: string;

  @ApiPropertyOptional({ example: '6650a1c2e4b0f5a1b2c3d4e5', description: "The caller's orders, newest first (give this or orderid)" })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  userid?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}
