import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
  ValidationArguments,
  ValidationOptions,
  registerDecorator,
} from 'class-validator';
import { hasAtMostTwoDecimals } from '@app/persistence';

const MAX_AMOUNT = 1_000_000_000;

/** A positive amount with at most two decimals, kept exact as integer minor units. */
function IsMoney(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isMoney',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && value > 0 && value <= MAX_AMOUNT && hasAtMostTwoDecimals(value),
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be a number greater than 0 and at most ${MAX_AMOUNT}, with at most two decimals`,
      },
    });
}

export class OrderItemDto {
  @ApiProperty({ example: 'Espresso beans 1kg', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 10_000 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity: number;

  @ApiPropertyOptional({ example: 12.5, description: 'Unit price, at most two decimals' })
  @IsOptional()
  @IsMoney()
  price?: number;
}

export class PlaceOrderDto {
  @ApiPropertyOptional({ example: '6650a1c2e4b0f5a1b2c3d4e5', description: "Defaults to the token's subject; another user's id → 403" })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  userid?: string;

  @ApiProperty({ example: 25.3, description: 'Total, > 0, at most two decimals; returned exactly as sent' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsMoney()
  cost: number;

  @ApiProperty({ type: [OrderItemDto], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  orderitems: OrderItemDto[];
}
