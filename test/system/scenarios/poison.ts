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
    tally.record(await call('orders', 'POST', '/order', { token: user.token, body: orderBody(3) }));
    await producer.disconnect();

    const outcome = await settle(db, tally.acceptedIds);
    const admin = kafka.admin();
    await admin.connect();
    let dead = 0;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const offsets = await admin.fetchTopicOffsets(`${topicPrefix}orders.placed.dlq`);
      dead = offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
      if (dead >= POISON.length) break;
      await sleep(500);
    }
    await admin.disconnect();
    const broken: string[] = [];
    if (dead !== POISON.length) broken.push(`${dead} messages in the DLQ, expected ${POISON.length}`);
    if (outcome.lost > 0) broken.push(`${outcome.lost} good orders not processed`);
    return tally.result({ ...outcome, notes: [`DLQ ${dead}/${POISON.length}`], broken });
  },
};
