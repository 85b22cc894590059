/** DI token of the app's kafkajs client; inject it only inside this lib. */
export const KAFKA = Symbol('KAFKA');
/** DI token of the resolved topic names (prefix applied). */
export const TOPICS = Symbol('TOPICS');
