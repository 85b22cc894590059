import { describeHealthContract } from '../../../test/e2e/health-suite';
import { createOrderProcessorApp } from '../src/create-app';

describeHealthContract('order-processor', createOrderProcessorApp);
