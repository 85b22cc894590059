import { describeHealthContract } from '@test/e2e/health-suite';
import { createOrdersApp } from '@apps/orders/create-app';

describeHealthContract('orders', createOrdersApp);
