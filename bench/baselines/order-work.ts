/**
 * The work B0 and B1 do per order, the same as POST /order's essential writes: one MongoDB
 * insert with w:majority and one Kafka send with acks from all in-sync replicas, through an
 * idempotent producer configured as the app's.
 */
import { Kafka, logLevel, Producer } from 'kafkajs';
import { mongo, Types } from 'mongoose';

export interface OrderWork {
  place(userid: string, body: { cost: number; orderitems: { name: string; quantity: number; price?: number }[] }): Promise<string>;
  close(): Promise<void>;
}

export async function connectOrderWork(): Promise<OrderWork> {
  const client = new mongo.MongoClient(requiredEnv('MONGO_URI'), { maxPoolSize: Number(process.env.MONGO_MAX_POOL_SIZE ?? 10) });
  await client.connect();
  const orders = client.db().collection(requiredEnv('BENCH_COLLECTION'));
  const topic = requiredEnv('BENCH_TOPIC');
  const kafka = new Kafka({ clientId: 'bench-baseline', brokers: requiredEnv('KAFKA_BROKERS').split(','), logLevel: logLevel.ERROR });
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
  await producer.connect();
  return {
    async place(userid, body) {
      const now = new Date();
      const _id = new Types.ObjectId();
      const order = {
        _id,
        userid,
        costMinor: Math.round(body.cost * 100),
        orderitems: body.orderitems.map((item) => ({ name: item.name, quantity: item.quantity, priceMinor: Math.round((item.price ?? 0) * 100) })),
        status: 'PLACED',
        statusHistory: [{ status: 'PLACED', at: now }],
        createdAt: now,
        updatedAt: now,
      };
      await orders.insertOne(order, { writeConcern: { w: 'majority' } });
      await producer.send({
        topic,
        acks: -1,
        messages: [{ key: _id.toHexString(), value: JSON.stringify({ type: 'OrderPlaced', order: { ...order, orderid: _id.toHexString() } }) }],
      });
      return _id.toHexString();
    },
    async close() {
      await producer.disconnect();
      await client.close();
    },
  };
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
