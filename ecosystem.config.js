// PM2 supervises the four apps as separate processes for `npm start` (restart on crash,
// logs under .infra/logs). Each app reads .env itself; PM2 only passes the shell's env on.
const path = require('node:path');

const logs = path.join(__dirname, '.infra', 'logs');
const apps = ['auth', 'orders', 'order-processor', 'catalog'];

module.exports = {
  apps: apps.map((name) => ({
    name,
    script: path.join(__dirname, 'dist', 'apps', name, 'main.js'),
    cwd: __dirname,
    exec_mode: 'fork',
    instances: 1,
    autorestart: true,
    max_restarts: 50,
    exp_backoff_restart_delay: 200,
    kill_timeout: 15_000,
    out_file: path.join(logs, `${name}.out.log`),
    error_file: path.join(logs, `${name}.err.log`),
    env: { NODE_ENV: process.env.NODE_ENV ?? 'production' },
  })),
};
