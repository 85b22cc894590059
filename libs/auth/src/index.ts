export * from './auth-error-codes';
export * from './auth-lib.module';
export * from './auth-user';
export * from './current-user.decorator';
export * from './jwt-auth.guard';
export * from './token-verifier.service';
export * from './roles.guard';
export * from './signing-keys';
