import { Connection, Types } from 'mongoose';

/**
 * Where each accepted order that never settled stopped: its status, outbox marker, the lease it
 * was stored with and a relay's (order_outbox_claims), and whether orders recorded its
 * OrderPlaced as published (order_publications). One line each, for the scenario's notes:
 * what the next look into a loss starts from.
 */
export async function describeUnsettled(db: Connection, orderids: string[], settled = ['PROCESSED', 'REJECTED']): Promise<string[]> {
  const ids = [...new Set(orderids)].map((id) => new Types.ObjectId(id));
  const stuck = await db
    .collection('orders')
    .find({ _id: { $in: ids }, status: { $nin: settled } })
    .project({ status: 1, statusHistory: 1, outboxPending: 1, outbox: 1, createdAt: 1 })
    .toArray();
  const lines: string[] = [];
  for (const order of stuck) {
    const published = await db.collection('order_publications').findOne({ _id: order._id });
    const relayLease = await db.collection('order_outbox_claims').findOne({ _id: order._id });
    const outbox = (order.outbox ?? {}) as { leaseOwner?: string; leaseUntil?: Date };
    lines.push(
      `unsettled ${String(order._id)}: ${String(order.status)} (history ${(order.statusHistory as { status: string }[]).map((change) => change.status).join('→')}), ` +
        `outboxPending ${String(order.outboxPending)}, stored lease ${outbox.leaseOwner ?? '-'} until ${outbox.leaseUntil?.toISOString() ?? '-'}, ` +
        `relay lease ${relayLease ? `${String(relayLease.leaseOwner)} until ${(relayLease.leaseUntil as Date).toISOString()} after ${String(relayLease.attempts)} claims` : 'none'}, ` +
        `published ${published ? (published.publishedAt as Date).toISOString() : 'no'}, created ${(order.createdAt as Date).toISOString()}`,
    );
  }
  const missing = ids.length - (await db.collection('orders').countDocuments({ _id: { $in: ids } }));
  if (missing > 0) lines.push(`${missing} accepted orders not in the store at all`);
  return lines;
}
