import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class RegisterUserDto {
  @ApiProperty({ example: 'ada.lovelace', minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' })
  @IsString()
  @Length(3, 64)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'username may hold only letters, digits, ".", "_" and "-"' })
  username: string;

  @ApiProperty({ example: 'correct horse battery staple', minLength: 8, maxLength: 128, format: 'password' })
  @IsString()
  @Length(8, 128)
  password: string;
}

export class RegisteredUserDto {
  @ApiProperty({ example: '6650a1c2e4b0f5a1b2c3d4e5', description: 'The id tokens carry as sub and orders use as userid' })
  id: string;

  @ApiProperty({ example: 'ada.lovelace', description: 'As sent' })
  username: string;
}
