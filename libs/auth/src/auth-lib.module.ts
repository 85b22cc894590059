import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { jwtVerifyConfig } from '@app/config';
import { JwtAuthGuard } from './jwt-auth.guard';
import { RolesGuard } from './roles.guard';
import { TokenVerifier } from './token-verifier.service';

/** Token verification for any app: TokenVerifier, JwtAuthGuard, @Roles() and @CurrentUser(). */
@Global()
@Module({
  imports: [ConfigModule.forFeature(jwtVerifyConfig), JwtModule.register({})],
  providers: [TokenVerifier, JwtAuthGuard, RolesGuard],
  exports: [TokenVerifier, JwtAuthGuard, RolesGuard],
})
export class AuthLibModule {}
