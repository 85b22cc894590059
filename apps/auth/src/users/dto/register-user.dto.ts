import { ApiProperty } from '@nestjs/swagger';
import { Static, Type } from '@sinclair/typebox';

/** POST /api/users' body: validated by Fastify and published in the OpenAPI document alike. */
export const RegisterUserSchema = Type.Object(
  {
    username: Type.String({
      minLength: 3,
      maxLength: 64,
      pattern: '^[A-Za-z0-9._-]+$',
      description: 'Letters, digits, ".", "_" and "-"; unique regardless of case',
      example: 'ada.lovelace',
    }),
    password: Type.String({ minLength: 8, maxLength: 128, format: 'password', example: 'correct horse battery staple' }),
  },
  { additionalProperties: false, title: 'RegisterUser' },
);

export type RegisterUserDto = Static<typeof RegisterUserSchema>;

export class RegisteredUserDto {
  @ApiProperty({ example: '6650a1c2e4b0f5a1b2c3d4e5', description: 'The id tokens carry as sub and orders use as userid' })
  id: string;

  @ApiProperty({ example: 'ada.lovelace', description: 'As sent' })
  username: string;

  @ApiProperty({ enum: ['admin'], isArray: true, example: [], description: 'What the user may do beyond their own orders; [] for registered users' })
  roles: string[];
}
