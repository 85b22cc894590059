import { Connection } from 'mongoose';
import { ScenarioResult } from '../system/scenario';
import { topicPrefix } from '../system/stack';
import { Cluster } from './cluster';

export interface ClusterContext {
  cluster: Cluster;
  db: Connection;
}

export interface ClusterScenario {
  name: string;
  run(context: ClusterContext): Promise<ScenarioResult>;
}

/** A topic of this run by its platform name (`orders.placed`). */
export const topicOf = (name: string) => `${topicPrefix}${name}`;

/** The order processor's consumer group in this run. */
export const processorGroup = `${topicPrefix}order-processor`;

/** The damage every scenario counts the same way: lost, twice, 5xx, unreachable. */
export function commonDamage(outcome: { lost: number; processedTwice: number }, serverErrors: number, unreachable: number): string[] {
  const broken: string[] = [];
  if (outcome.lost > 0) broken.push(`${outcome.lost} accepted orders not PROCESSED`);
  if (outcome.processedTwice > 0) broken.push(`${outcome.processedTwice} processed twice`);
  if (serverErrors > 0) broken.push(`${serverErrors} answers were 5xx`);
  if (unreachable > 0) broken.push(`${unreachable} requests found no instance`);
  return broken;
}
