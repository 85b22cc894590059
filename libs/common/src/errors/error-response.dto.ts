import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The one error shape every endpoint of every app answers with. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'VALIDATION.FAILED', description: 'Stable machine-readable code' })
  code: string;

  @ApiProperty({ example: 'Request validation failed' })
  message: string;

  @ApiPropertyOptional({
    description: 'Field errors for validation failures; absent otherwise',
    example: [{ field: 'cost', messages: ['cost must be a positive number'] }],
  })
  details?: unknown;

  @ApiProperty({ example: '5f1c9a2e-8a53-4c1e-9a57-4b8e1b0b6f3d', description: 'Also in the x-correlation-id header' })
  correlationId: string;
}
