import { Kafka, logLevel } from 'kafkajs';
import { Types } from 'mongoose';
import { call, orderBody, registerUser } from '../client';
import { Scenario, settle, Tally } from '../scenario';
import { sleep, topicPrefix } from '../stack';

const POISON: (string | object)[] = [
  'definitely not json',
  '{"half": ',
  { schemaVersion: 7, type: 'OrderPlaced', order: { orderid: new Types.ObjectId().toHexString(), userid: 'x' } },
  { schemaVersion: 1, type: 'OrderPlaced' },
  { schemaVersion: 1, type: 'OrderPlaced', order: { orderid: 'not-an-id', userid: 'x' } },
  { schemaVersion: 1, type: 'OrderPlaced', order: { orderid: new Types.ObjectId().toHexString(), userid: 'ghost' } },
];

/** Answers of the catalog no one can vouch for, on catalog.stock: its own DLQ. */
const STOCK_POISON: (string | object)[] = [
  'not an answer',
  { schemaVersion: 3, type: 'StockReserved', order: { orderid: new Types.ObjectId().toHexString(), userid: 'x', lines: [] } },
  { schemaVersion: 1, type: 'StockReserved', order: { orderid: 'short', userid: 'x', lines: [] } },
  { schemaVersion: 1, type: 'StockRejected', order: { orderid: new Types.ObjectId().toHexString(), userid: 'x', rejected: [] } },
];

async function dlqSize(admin: ReturnType<Kafka['admin']>, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
}

export const poison: Scenario = {
  name: 'poison messages',
  async run({ db }) {
    const tally = new Tally();
    const user = await registerUser('poison');
    const kafka = new Kafka({ clientId: 'system-poison', brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    for (const value of POISON) {
      tally.record(await call('orders', 'POST', '/order', { token: user.token, body: orderBody(3) }));
      await producer.send({
        topic: `${topicPrefix}orders.placed`,
        messages: [{ key: `poison-${tally.sent}`, value: typeof value === 'string' ? value : JSON.stringify(value) }],
      });
    }
    for (const value of STOCK_POISON) {
      await producer.send({ topic: `${topicPrefix}catalog.stock`, messages: [{ key: `poison-${tally.sent}`, value: typeof value === 'string' ? value : JSON.stringify(value) }] });
    }
    tally.record(await call('orders', 'POST', '/order', { token: user.token, body: orderBody(3) }));
    await producer.disconnect();

    const outcome = await settle(db, tally.acceptedIds);
    const admin = kafka.admin();
    await admin.connect();
    let dead = 0;
    let deadStock = 0;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      dead = await dlqSize(admin, `${topicPrefix}orders.placed.dlq`);
      deadStock = await dlqSize(admin, `${topicPrefix}catalog.stock.dlq`);
      if (dead >= POISON.length && deadStock >= STOCK_POISON.length) break;
      await sleep(500);
    }
    await admin.disconnect();
    const broken: string[] = [];
    if (dead !== POISON.length) broken.push(`${dead} messages in the DLQ, expected ${POISON.length}`);
    if (deadStock !== STOCK_POISON.length) broken.push(`${deadStock} messages in catalog.stock.dlq, expected ${STOCK_POISON.length}`);
    if (outcome.lost > 0) broken.push(`${outcome.lost} good orders not processed`);
    return tally.result({ ...outcome, notes: [`DLQ ${dead}/${POISON.length}`, `catalog.stock.dlq ${deadStock}/${STOCK_POISON.length}`], broken });
  },
};
