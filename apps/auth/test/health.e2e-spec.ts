import { describeHealthContract } from '../../../test/e2e/health-suite';
import { createAuthApp } from '../src/create-app';

describeHealthContract('auth', createAuthApp, { usesKafka: false });
