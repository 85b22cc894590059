/** B1: a bare Fastify route doing exactly B0's work per request (no auth, no validation). */
import Fastify from 'fastify';
import { connectOrderWork, requiredEnv } from './order-work';

async function main(): Promise<void> {
  const work = await connectOrderWork();
  const app = Fastify({ logger: false });
  app.post<{ Body: { userid: string; cost: number; orderitems: { name: string; quantity: number; price?: number }[] } }>('/order', async (request, reply) => {
    const orderid = await work.place(request.body.userid, request.body);
    return reply.code(201).send({ orderid, status: 'PLACED' });
  });
  app.get('/health/ready', async () => ({ status: 'ok' }));
  const close = async () => {
    await app.close();
    await work.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void close());
  await app.listen({ host: '127.0.0.1', port: Number(requiredEnv('BENCH_PORT')) });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
