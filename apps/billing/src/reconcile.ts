import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import mongoose from 'mongoose';
import { AppConfigModule, loggingConfig, paymentsConfig } from '@app/config';
import { billingConfig } from './billing.config';
import { BillingDatabase } from './database/billing-database';
import { PaymentProvider } from './provider/payment-provider';
import { StripePaymentProvider } from './provider/stripe-payment-provider';
import { countByKind, ReconciliationInput } from './reconciliation/reconcile';
import { ReconciliationService } from './reconciliation/reconciliation.service';

@Module({
  imports: [AppConfigModule.forRoot([billingConfig, paymentsConfig, loggingConfig])],
  providers: [BillingDatabase, { provide: PaymentProvider, useClass: StripePaymentProvider }, ReconciliationService],
})
class ReconcileModule {}

/** Each order's status and cost from the orders store (MONGO_URI), when it is set. */
async function readOrders(uri: string | undefined): Promise<ReconciliationInput['orders']> {
  if (!uri) return undefined;
  const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    const orders = new Map<string, { status: string; costMinor: number }>();
    const cursor = connection.db!.collection('orders').find({}, { projection: { status: 1, costMinor: 1 } });
    for await (const order of cursor) orders.set(String(order._id), { status: String(order.status), costMinor: Number(order.costMinor) });
    return orders;
  } finally {
    await connection.close();
  }
}

/**
 * npm run billing:reconcile — compares the provider's charges and refunds with billing's ledger
 * and, with MONGO_URI, with each order's final status; prints every mismatch and the counts, and
 * exits 1 when there is any.
 */
async function main(): Promise<void> {
  const context = await NestFactory.createApplicationContext(ReconcileModule, { logger: ['error', 'warn'] });
  try {
    const orders = await readOrders(process.env.MONGO_URI);
    const result = await context.get(ReconciliationService).run(orders);
    for (const mismatch of result.mismatches) console.log(`${mismatch.kind}\t${mismatch.orderId}\t${mismatch.detail}`);
    const counts = countByKind(result.mismatches);
    console.log(
      JSON.stringify({ providerCharges: result.charges, providerRefunds: result.refunds, ledgerEntries: result.ledger, orders: orders?.size ?? null, mismatches: result.mismatches.length, ...counts }),
    );
    if (result.mismatches.length > 0) process.exitCode = 1;
  } finally {
    await context.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
