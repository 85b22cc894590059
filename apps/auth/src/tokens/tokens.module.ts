import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AttemptsModule } from '../attempts/attempts.module';
import { UsersModule } from '../users/users.module';
import { BasicAuthStrategy } from './basic-auth.strategy';
import { JwksController } from './jwks.controller';
import { TokensController } from './tokens.controller';
import { TokensService } from './tokens.service';
import { TokenThrottlerGuard } from './token-throttler.guard';

@Module({
  imports: [
    UsersModule,
    PassportModule,
    JwtModule.register({}),
    AttemptsModule,
  ],
  controllers: [TokensController, JwksController],
  providers: [TokensService, BasicAuthStrategy, TokenThrottlerGuard],
})
export class TokensModule {}
