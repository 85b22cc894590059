import type { Topic } from '@app/contracts';

/** DI token of the app's kafkajs client; inject it only inside this lib. */
export const KAFKA = Symbol('KAFKA');
/** DI token of the resolved topic names (prefix applied). */
export const TOPICS = Symbol('TOPICS');

/** What TOPICS holds: every topic of the platform by its key, with the app's prefix. */
export type ResolvedTopics = Record<keyof typeof Topic, string>;
