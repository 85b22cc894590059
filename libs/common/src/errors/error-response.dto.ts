import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'orderitems.0.quantity', description: 'Dotted path of the field in the request; empty for the whole body' })
  field: string;

  @ApiProperty({ type: [String], example: ['orderitems.0.quantity must be >= 1'] })
  messages: string[];
}

/** The one error shape every endpoint of every app answers with. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400, minimum: 400, maximum: 599 })
  statusCode: number;

  @ApiProperty({ example: 'VALIDATION.FAILED', description: 'Stable machine-readable code' })
  code: string;

  @ApiProperty({ example: 'Request validation failed' })
  message: string;

  @ApiPropertyOptional({
    oneOf: [{ type: 'array', items: { $ref: '#/components/schemas/FieldErrorDto' } }, { type: 'object' }],
    description: 'Field errors of VALIDATION.FAILED and ORDER.UNKNOWN_PRODUCT (a list); the current quote of ORDER.PRICE_CHANGED (an object); absent otherwise',
  })
  details?: FieldErrorDto[] | object;

  @ApiProperty({ example: '5f1c9a2e-8a53-4c1e-9a57-4b8e1b0b6f3d', description: 'Also in the x-correlation-id header' })
  correlationId: string;
}
