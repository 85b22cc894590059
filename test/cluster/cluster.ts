import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TestGateway } from '../e2e/gateway';
import { KafkaAdmin } from '../e2e/kafka-admin';
import { AppName, infra, PORTS, ROOT, sleep, Stack, SYSTEM_STACK } from '../system/stack';

export interface GatewayLogEntry {
  method: string;
  uri: string;
  status: number;
  /** Every instance tried, comma-separated: more than one when nginx passed the request on. */
  upstream: string;
  upstreamStatus: string;
}

/** infra.sh's cluster mode: three KRaft brokers, node n on 9092 + (n-1)*100. */
export const CLUSTER_INFRA = { INFRA_KAFKA_BROKERS: '3' };
export const BROKERS = ['127.0.0.1:9092', '127.0.0.1:9192', '127.0.0.1:9292'];
export const APPS: AppName[] = ['auth', 'catalog', 'order-processor', 'orders', 'billing'];
/** Instance b of an app listens 10 above instance a (orders 4100 and 4110, …). */
const INSTANCES = ['a', 'b'] as const;
export type Instance = (typeof INSTANCES)[number];

const portsOf = (offset: number) => Object.fromEntries(Object.entries(PORTS).map(([app, port]) => [app, port + offset])) as Record<AppName, number>;

/**
 * Two instances of every app, against the three-broker cluster, behind one gateway whose
 * upstream groups name both: what `npm run start:cluster` runs, as processes a test can kill.
 */
export class Cluster {
  readonly stacks: Record<Instance, Stack>;
  readonly gateway: TestGateway;

  constructor() {
    const stack = (instance: Instance, offset: number) =>
      new Stack({
        ...SYSTEM_STACK,
        ports: portsOf(offset),
        logStem: `cluster-${instance}`,
        env: (app) => ({
          ...SYSTEM_STACK.env?.(app),
          KAFKA_BROKERS: BROKERS.join(','),
          // The load is one client: the per-client limits would be all it measured.
          AUTH_TOKEN_RATE_LIMIT: '10000',
        }),
      });
    this.stacks = { a: stack('a', 0), b: stack('b', 10) };
    const upstreams = (app: AppName) => INSTANCES.map((instance) => `127.0.0.1:${this.stacks[instance].port(app)}`).join(',');
    this.gateway = new TestGateway({
      GATEWAY_AUTH_UPSTREAMS: upstreams('auth'),
      GATEWAY_ORDERS_UPSTREAMS: upstreams('orders'),
      GATEWAY_CATALOG_UPSTREAMS: upstreams('catalog'),
      GATEWAY_BILLING_UPSTREAMS: upstreams('billing'),
      GATEWAY_RATE_LIMIT: '100000',
      GATEWAY_RATE_BURST: '100000',
      GATEWAY_TOKEN_RATE_LIMIT: '100000',
      GATEWAY_TOKEN_BURST: '100000',
    });
  }

  /**
   * Instance a of each app first, one at a time (the processor's topics, the administrator seeded
   * once); then every b at once: what a needed is in place, and five boots overlap.
   */
  async start(): Promise<void> {
    for (const app of APPS) await this.stacks.a.start(app);
    await Promise.all(APPS.map((app) => this.stacks.b.start(app)));
    await this.gateway.start();
  }

  async stop(): Promise<void> {
    await this.gateway.stop();
    await Promise.all(INSTANCES.map((instance) => this.stacks[instance].stopAll()));
  }

  get instances(): readonly Instance[] {
    return INSTANCES;
  }

  /** The broker process infra.sh started as node `node` (its pid file). */
  brokerPid(node: number): number {
    return Number(readFileSync(resolve(ROOT, '.infra', 'run', `kafka-${node}.pid`), 'utf8').trim());
  }

  /** SIGKILL, then waits until the process is really gone (not even a zombie). */
  async killBroker(node: number): Promise<void> {
    const pid = this.brokerPid(node);
    process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + 30_000;
    while (alive(pid)) {
      if (Date.now() > deadline) throw new Error(`broker ${node} (pid ${pid}) still there 30 s after SIGKILL`);
      await sleep(100);
    }
  }

  /** Starts whichever brokers are not running and waits until all three serve metadata. */
  startBrokers(): Promise<void> {
    return infra('up', 'kafka', CLUSTER_INFRA);
  }

  /** The gateway's access log so far, one entry per request (infra/gateway's `edge` format). */
  accessLog(): GatewayLogEntry[] {
    const file = resolve(this.gateway.dir, 'logs', 'gateway-access.log');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as GatewayLogEntry);
  }

  /** A counter summed over every series of it on every instance of every app that answers. */
  async counterTotal(name: string): Promise<number> {
    const ports = INSTANCES.flatMap((instance) => APPS.map((app) => this.stacks[instance].port(app)));
    const totals = await Promise.all(
      ports.map(async (port) => {
        const body = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })
          .then((response) => response.text())
          .catch(() => '');
        return body
          .split('\n')
          .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
          .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
      }),
    );
    return totals.reduce((sum, total) => sum + total, 0);
  }

  admin(): Promise<KafkaAdmin> {
    return KafkaAdmin.connect(BROKERS);
  }
}

function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Polls `check` every 250 ms until it holds; the milliseconds it took, or undefined at the deadline. */
export async function within(timeoutMs: number, check: () => Promise<boolean>): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return Date.now() - started;
    await sleep(250);
  }
  return undefined;
}
