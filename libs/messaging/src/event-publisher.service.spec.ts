import { ICustomPartitioner, Kafka, RecordMetadata } from 'kafkajs';
import { EventPublisher } from './event-publisher.service';

type SendBatch = (request: { acks: number; topicMessages: { topic: string; messages: { key: string | null; value: string | null }[] }[] }) => Promise<RecordMetadata[] | void>;

/** A one-partition topic: every message the partitioner routes to partition 0, answered unless `answered` says not. */
function fakeKafka(sendBatch: jest.Mock<ReturnType<SendBatch>, Parameters<SendBatch>>, answered = true): Kafka {
  const producer = (config: { createPartitioner: ICustomPartitioner }) => {
    const partition = config.createPartitioner();
    return {
      connect: jest.fn(async () => undefined),
      disconnect: jest.fn(async () => undefined),
      on: jest.fn(),
      events: { DISCONNECT: 'disconnect' },
      sendBatch: async (request: Parameters<SendBatch>[0]) => {
        await sendBatch(request);
        for (const { topic, messages } of request.topicMessages) {
          for (const message of messages) partition({ topic, message, partitionMetadata: [{ partitionId: 0, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }] });
        }
        return answered ? request.topicMessages.map(({ topic }) => ({ topicName: topic, partition: 0, errorCode: 0 })) : [];
      },
    };
  };
  return { producer } as unknown as Kafka;
}

const event = (key: string) => ({ topic: 't', key, value: { key }, headers: {} });

describe('EventPublisher', () => {
  it('sends the events of concurrent callers in one request with acks from all replicas', async () => {
    const sendBatch = jest.fn<ReturnType<SendBatch>, Parameters<SendBatch>>(async () => undefined);
    const publisher = new EventPublisher(fakeKafka(sendBatch));
    await Promise.all(['a', 'b', 'c'].map((key) => publisher.publish([event(key)])));
    expect(sendBatch).toHaveBeenCalledTimes(1);
    expect(sendBatch.mock.calls[0][0].acks).toBe(-1);
    expect(sendBatch.mock.calls[0][0].topicMessages[0].messages.map((message) => message.key)).toEqual(['a', 'b', 'c']);
  });

  it('queues callers behind a request under way and resolves each only after its own request is acknowledged', async () => {
    let acknowledgeFirst: () => void = () => undefined;
    const sendBatch = jest
      .fn<ReturnType<SendBatch>, Parameters<SendBatch>>()
      .mockImplementationOnce(() => new Promise<void>((resolve) => (acknowledgeFirst = resolve)))
      .mockResolvedValue(undefined);
    const publisher = new EventPublisher(fakeKafka(sendBatch));
    const first = publisher.publish([event('a')]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    let laterDone = false;
    const later = Promise.all([publisher.publish([event('b')]), publisher.publish([event('c')])]).then(() => (laterDone = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sendBatch).toHaveBeenCalledTimes(1);
    expect(laterDone).toBe(false);
    acknowledgeFirst();
    await first;
    await later;
    expect(sendBatch).toHaveBeenCalledTimes(2);
    expect(sendBatch.mock.calls[1][0].topicMessages[0].messages.map((message) => message.key)).toEqual(['b', 'c']);
  });

  it('fails every caller of a request the broker refused, and sends the next callers afresh', async () => {
    const sendBatch = jest.fn<ReturnType<SendBatch>, Parameters<SendBatch>>().mockRejectedValueOnce(new Error('broker down')).mockResolvedValue(undefined);
    const publisher = new EventPublisher(fakeKafka(sendBatch));
    const results = await Promise.allSettled([publisher.publish([event('a')]), publisher.publish([event('b')])]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await expect(publisher.publish([event('c')])).resolves.toBeUndefined();
  });

  it('fails the callers when Kafka keeps answering without acknowledging their partition', async () => {
    const sendBatch = jest.fn<ReturnType<SendBatch>, Parameters<SendBatch>>(async () => undefined);
    const publisher = new EventPublisher(fakeKafka(sendBatch, false));
    await expect(publisher.publish([event('a')])).rejects.toThrow('Kafka answered 3 requests without acknowledging 1 of their messages');
    expect(sendBatch).toHaveBeenCalledTimes(3);
  });
});
