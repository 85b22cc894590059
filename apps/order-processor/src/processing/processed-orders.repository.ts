export interface ProcessOutcome {
  /** Orders moved to PROCESSED by this call (the rest were already, or are missing). */
  processed: number;
  missing: Set<string>;
}

/** The worker's storage, as a DI token (MongoProcessedOrdersRepository in the app, fakes in unit tests). */
export abstract class ProcessedOrdersRepository {
  /**
   * Moves each order to PROCESSED once: a guarded move, so a redelivered event finds the
   * status moved on and changes nothing. Answers which of the ids do not exist.
   */
  abstract markProcessed(orderIds: string[], at: Date): Promise<ProcessOutcome>;
}
