import { describeHealthContract } from '../../../test/e2e/health-suite';
import { createOrdersApp } from '../src/create-app';

describeHealthContract('orders', createOrdersApp);
