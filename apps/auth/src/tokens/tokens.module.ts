import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { authConfig } from '../auth.config';
import { UsersModule } from '../users/users.module';
import { BasicAuthStrategy } from './basic-auth.strategy';
import { TokensController } from './tokens.controller';
import { TokensService } from './tokens.service';

@Module({
  imports: [
    UsersModule,
    PassportModule,
    JwtModule.register({}),
    ThrottlerModule.forRootAsync({
      inject: [authConfig.KEY],
      useFactory: (auth: ConfigType<typeof authConfig>) => ({
        throttlers: [{ name: 'default', ttl: auth.tokenRateWindowMs, limit: auth.tokenRateLimit }],
      }),
    }),
  ],
  controllers: [TokensController],
  providers: [TokensService, BasicAuthStrategy],
})
export class TokensModule {}
