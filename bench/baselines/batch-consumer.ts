/**
 * B2: a raw kafkajs eachBatch consumer that moves the orders of each fetched batch from
 * PLACED to PROCESSED with one driver bulkWrite (w:majority), committing after the write.
 * Stops once BENCH_EXPECTED orders were updated, and prints one JSON line.
 */
import { Kafka, logLevel } from 'kafkajs';
import { mongo, Types } from 'mongoose';
import { requiredEnv } from './order-work';

const BULK_LIMIT = 50;

async function main(): Promise<void> {
  const expected = Number(requiredEnv('BENCH_EXPECTED'));
  const client = new mongo.MongoClient(requiredEnv('MONGO_URI'), { maxPoolSize: 10 });
  await client.connect();
  const orders = client.db().collection(requiredEnv('BENCH_COLLECTION'));
  const kafka = new Kafka({ clientId: 'bench-b2', brokers: requiredEnv('KAFKA_BROKERS').split(','), logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: requiredEnv('BENCH_GROUP'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic: requiredEnv('BENCH_TOPIC'), fromBeginning: true });
  let updated = 0;
  let batches = 0;
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, uncommittedOffsets }) => {
        if (batch.messages.length === 0) return;
        const at = new Date();
        const operations = batch.messages.map((message) => {
          const event = JSON.parse(message.value?.toString('utf8') ?? '{}') as { order: { orderid: string } };
          return {
            updateOne: {
              filter: { _id: new Types.ObjectId(event.order.orderid), status: 'PLACED' },
              update: { $set: { status: 'PROCESSED', processedAt: at, updatedAt: at } },
            },
          };
        });
        // FerretDB holds one PostgreSQL connection per update statement until the bulk command
        // ends (a bulk of more statements than its pool has never ends), so bulks stay small.
        for (let start = 0; start < operations.length; start += BULK_LIMIT) {
          const result = await orders.bulkWrite(operations.slice(start, start + BULK_LIMIT), { ordered: false, writeConcern: { w: 'majority' } });
          updated += result.modifiedCount;
        }
        resolveOffset(batch.messages[batch.messages.length - 1].offset);
        await commitOffsetsIfNecessary(uncommittedOffsets());
        await heartbeat();
        batches++;
        if (updated >= expected) resolve();
      },
    });
  });
  await done;
  await consumer.disconnect();
  await client.close();
  process.stdout.write(`${JSON.stringify({ updated, batches })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
