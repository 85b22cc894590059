import { describeHealthContract } from '@test/e2e/health-suite';
import { createAuthApp } from '@apps/auth/create-app';

describeHealthContract('auth', createAuthApp, { usesKafka: false });
