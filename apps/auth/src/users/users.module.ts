import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AttemptsModule } from '../attempts/attempts.module';
import { RegistrationThrottleGuard } from '../attempts/registration-throttle.guard';
import { AdminBootstrap } from './admin-bootstrap';
import { PasswordHasher } from './password-hasher.service';
import { User, UserSchema } from './schemas/user.schema';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: User.name, schema: UserSchema }]), AttemptsModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, PasswordHasher, AdminBootstrap, RegistrationThrottleGuard],
  exports: [UsersService],
})
export class UsersModule {}
