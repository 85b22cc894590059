// PM2 supervises the apps as separate processes for `npm start` (restart on crash, logs under
// .infra/logs). Each app reads .env itself; PM2 passes the shell's env on, which wins over .env.
// ROP_INSTANCES=2 (npm run start:cluster): a second instance of every app, `<app>-2`, on its
// port + 10, which the gateway's upstream groups name beside the first.
const path = require('node:path');

const logs = path.join(__dirname, '.infra', 'logs');
const PORTS = {
  auth: ['AUTH_PORT', 3001],
  orders: ['ORDERS_PORT', 3000],
  'order-processor': ['ORDER_PROCESSOR_PORT', 3002],
  catalog: ['CATALOG_PORT', 3003],
  billing: ['BILLING_PORT', 3004],
};
const instances = Number(process.env.ROP_INSTANCES || 1);
if (![1, 2].includes(instances)) throw new Error(`ROP_INSTANCES must be 1 or 2, not ${process.env.ROP_INSTANCES}`);

function app(name, instance) {
  const [variable, fallback] = PORTS[name];
  const port = Number(process.env[variable] || fallback) + (instance - 1) * 10;
  const id = instance === 1 ? name : `${name}-${instance}`;
  return {
    name: id,
    script: path.join(__dirname, 'dist', 'apps', name, 'main.js'),
    // The Node this file is read by: under `npm start`, the project's own Node 24 (the devDependency
    // `node`), not whatever an older PM2 daemon or the machine's PATH would pick.
    interpreter: process.execPath,
    cwd: __dirname,
    exec_mode: 'fork',
    instances: 1,
    autorestart: true,
    max_restarts: 50,
    exp_backoff_restart_delay: 200,
    kill_timeout: 15_000,
    out_file: path.join(logs, `${id}.out.log`),
    error_file: path.join(logs, `${id}.err.log`),
    env: {
      NODE_ENV: process.env.NODE_ENV ?? 'production',
      [variable]: String(port),
      // start.sh points billing at the local stand-in when .env names no provider.
      ...(name === 'billing' && process.env.PAYMENT_PROVIDER_URL !== undefined ? { PAYMENT_PROVIDER_URL: process.env.PAYMENT_PROVIDER_URL } : {}),
    },
  };
}

module.exports = {
  apps: Object.keys(PORTS).flatMap((name) => Array.from({ length: instances }, (_, index) => app(name, index + 1))),
};
