import { resolve } from 'node:path';

// PM2's app list for npm start and npm run start:cluster (ROP_INSTANCES), read as PM2 reads it.
const file = resolve(__dirname, '..', 'ecosystem.config.js');

function appsWith(env: NodeJS.ProcessEnv): { name: string; script: string; env: Record<string, string> }[] {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    jest.resetModules();
    return (require(file) as { apps: { name: string; script: string; env: Record<string, string> }[] }).apps;
  } finally {
    process.env = saved;
  }
}

describe('ecosystem.config.js', () => {
  const ports = { AUTH_PORT: '3001', ORDERS_PORT: '3000', ORDER_PROCESSOR_PORT: '3002', CATALOG_PORT: '3003', BILLING_PORT: '3004' };

  it('runs one instance of each app on its own port by default', () => {
    const apps = appsWith({ ...ports, ROP_INSTANCES: '' });
    expect(apps.map((app) => app.name).sort()).toEqual(['auth', 'billing', 'catalog', 'order-processor', 'orders']);
    expect(apps.find((app) => app.name === 'orders')?.env.ORDERS_PORT).toBe('3000');
  });

  it('adds a second instance of every app on its port + 10, as start.sh names them to the gateway', () => {
    const apps = appsWith({ ...ports, ROP_INSTANCES: '2' });
    expect(apps).toHaveLength(10);
    const second = Object.fromEntries(apps.filter((app) => app.name.endsWith('-2')).map((app) => [app.name, app.env]));
    expect(second).toEqual({
      'auth-2': expect.objectContaining({ AUTH_PORT: '3011' }),
      'orders-2': expect.objectContaining({ ORDERS_PORT: '3010' }),
      'order-processor-2': expect.objectContaining({ ORDER_PROCESSOR_PORT: '3012' }),
      'catalog-2': expect.objectContaining({ CATALOG_PORT: '3013' }),
      'billing-2': expect.objectContaining({ BILLING_PORT: '3014' }),
    });
    // Both run the same build output.
    expect(apps.find((app) => app.name === 'orders-2')?.script).toBe(apps.find((app) => app.name === 'orders')?.script);
  });

  it('follows the ports the environment sets', () => {
    const apps = appsWith({ ...ports, ORDERS_PORT: '4000', ROP_INSTANCES: '2' });
    expect(apps.find((app) => app.name === 'orders-2')?.env.ORDERS_PORT).toBe('4010');
  });

  it('refuses an instance count it has no ports or gateway settings for', () => {
    expect(() => appsWith({ ROP_INSTANCES: '3' })).toThrow('ROP_INSTANCES must be 1 or 2');
  });
});
