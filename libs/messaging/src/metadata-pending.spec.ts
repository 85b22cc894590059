import { isMetadataPending, whileMetadataPending } from './metadata-pending';

const kafkaError = (type: string) => Object.assign(new Error(type), { type });

describe('whileMetadataPending', () => {
  it('tries again while a broker does not know the topic yet, then answers what the attempt gave', async () => {
    const answers = [kafkaError('UNKNOWN_TOPIC_OR_PARTITION'), kafkaError('LEADER_NOT_AVAILABLE')];
    let attempts = 0;
    const result = await whileMetadataPending(
      async () => {
        attempts++;
        const next = answers.shift();
        if (next) throw next;
        return 'subscribed';
      },
      1000,
      5,
    );
    expect(result).toBe('subscribed');
    expect(attempts).toBe(3);
  });

  it('gives up at once on any other error', async () => {
    let attempts = 0;
    const attempt = async () => {
      attempts++;
      throw kafkaError('TOPIC_AUTHORIZATION_FAILED');
    };
    await expect(whileMetadataPending(attempt, 1000, 5)).rejects.toThrow('TOPIC_AUTHORIZATION_FAILED');
    expect(attempts).toBe(1);
  });

  it('gives up with the last error once its time is up', async () => {
    const started = Date.now();
    await expect(whileMetadataPending(() => Promise.reject(kafkaError('UNKNOWN_TOPIC_OR_PARTITION')), 100, 20)).rejects.toThrow('UNKNOWN_TOPIC_OR_PARTITION');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('sees the cause inside kafkajs’ retries-exceeded error', () => {
    expect(isMetadataPending({ name: 'KafkaJSNumberOfRetriesExceeded', originalError: kafkaError('UNKNOWN_TOPIC_OR_PARTITION') })).toBe(true);
    expect(isMetadataPending(new Error('connection refused'))).toBe(false);
    expect(isMetadataPending(undefined)).toBe(false);
  });
});
