// Renders the gateway's nginx configuration from nginx.conf.template and the environment.
//   node infra/gateway/render-config.js <output dir>            the local gateway (infra.sh)
//   node infra/gateway/render-config.js --compose <output dir>  docker-compose's nginx service: a
//     template the nginx image's entrypoint fills from the container's env (its envsubst step)
// Settings (README lists them): GATEWAY_PORT, GATEWAY_LISTEN, GATEWAY_{AUTH,ORDERS,CATALOG,BILLING}_UPSTREAMS,
// GATEWAY_RATE_LIMIT, GATEWAY_RATE_BURST, GATEWAY_TOKEN_RATE_LIMIT, GATEWAY_TOKEN_BURST,
// GATEWAY_BODY_LIMIT, GATEWAY_UPSTREAM_TIMEOUT, GATEWAY_WORKERS, GATEWAY_WEB_ROOT, GATEWAY_DOCS_DIR.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '..', '..');

/** The gateway's own answers, in the platform's error shape (ErrorResponseDto). */
const GATEWAY_ERRORS = [
  { name: 'bad_request', status: 400, code: 'GATEWAY.BAD_REQUEST', message: 'The request could not be read' },
  { name: 'not_found', status: 404, code: 'GATEWAY.NOT_FOUND', message: 'No such route' },
  { name: 'method_not_allowed', status: 405, code: 'GATEWAY.METHOD_NOT_ALLOWED', message: 'Method not allowed here' },
  { name: 'request_timeout', status: 408, code: 'GATEWAY.REQUEST_TIMEOUT', message: 'The request was not sent in time' },
  { name: 'body_too_large', status: 413, code: 'GATEWAY.BODY_TOO_LARGE', message: 'The request body is too large' },
  { name: 'rate_limited', status: 429, code: 'GATEWAY.RATE_LIMITED', message: 'Too many requests: retry in a moment', retryAfter: 1 },
  // nginx's own 500 (it failed, not an app) is reported as the app unreachable: the caller's remedy is the same.
  { name: 'upstream_unavailable', status: 502, alsoFor: [500], code: 'GATEWAY.UPSTREAM_UNAVAILABLE', message: 'The service behind this route is not reachable' },
  { name: 'unavailable', status: 503, code: 'GATEWAY.UNAVAILABLE', message: 'The service is unavailable' },
  { name: 'upstream_timeout', status: 504, code: 'GATEWAY.UPSTREAM_TIMEOUT', message: 'The service did not answer in time' },
];

const SANE_ADDRESS = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const SANE_VALUE = /^[A-Za-z0-9./_:-]+$/;

function setting(env, name, fallback, pattern = SANE_VALUE) {
  const value = env[name] === undefined || env[name] === '' ? fallback : env[name];
  if (!pattern.test(String(value))) throw new Error(`${name}=${JSON.stringify(value)} is not a valid gateway setting`);
  return String(value);
}

function upstream(env, app, fallback) {
  const name = `GATEWAY_${app.toUpperCase()}_UPSTREAMS`;
  const servers = (env[name] || fallback).split(',').map((entry) => entry.trim()).filter(Boolean);
  if (servers.length === 0) throw new Error(`${name} names no server`);
  if (env[name]) for (const server of servers) if (!SANE_ADDRESS.test(server)) throw new Error(`${name}: "${server}" is not host:port`);
  // Passive health: an instance that failed once is left out for 5 s, then tried again.
  const lines = servers.map((server) => `    server ${server} max_fails=1 fail_timeout=5s;`);
  return [`  upstream ${app} {`, `    zone upstream_${app} 64k;`, ...lines, '    keepalive 32;', '  }'].join('\n');
}

function errorLocation(error) {
  const statuses = [...(error.alsoFor ?? []), error.status].join(' ');
  const body = JSON.stringify({ statusCode: error.status, code: error.code, message: error.message, correlationId: '$edge_request_id' });
  return [
    `    error_page ${statuses} = @${error.name};`,
    `    location @${error.name} {`,
    '      default_type application/json;',
    '      include {{CONF_DIR}}/edge-headers.conf;',
    ...(error.retryAfter ? [`      add_header Retry-After ${error.retryAfter} always;`] : []),
    `      return ${error.status} '${body}';`,
    '    }',
  ].join('\n');
}

/** What every proxied request carries to the apps; rendered at the http level and in any location that sets one of its own. */
const PROXY_HEADERS = [
  ['Connection', '""'],
  ['Host', '$host'],
  ['X-Forwarded-For', '$proxy_add_x_forwarded_for'],
  ['X-Forwarded-Proto', '$scheme'],
  ['X-Request-Id', '$edge_request_id'],
  ['X-Correlation-Id', '$edge_request_id'],
];

const proxyHeaders = (indent) => PROXY_HEADERS.map(([name, value]) => `${indent}proxy_set_header ${name} ${value};`).join('\n');

const TUNABLES = {
  WORKERS: ['GATEWAY_WORKERS', '1', /^(auto|\d+)$/],
  RATE_LIMIT: ['GATEWAY_RATE_LIMIT', '100', /^\d+$/],
  RATE_BURST: ['GATEWAY_RATE_BURST', '200', /^\d+$/],
  TOKEN_RATE_LIMIT: ['GATEWAY_TOKEN_RATE_LIMIT', '30', /^\d+$/],
  TOKEN_BURST: ['GATEWAY_TOKEN_BURST', '10', /^\d+$/],
  BODY_LIMIT: ['GATEWAY_BODY_LIMIT', '1m', /^\d+[kKmM]?$/],
  UPSTREAM_TIMEOUT: ['GATEWAY_UPSTREAM_TIMEOUT', '30s', /^\d+(ms|s|m)?$/],
};

function localTunables(env) {
  return Object.fromEntries(Object.entries(TUNABLES).map(([key, [name, fallback, pattern]]) => [key, setting(env, name, fallback, pattern)]));
}

/** In docker-compose the nginx image fills these from the container's env (docker-compose.yml sets the defaults). */
function composeTunables() {
  return Object.fromEntries(Object.entries(TUNABLES).map(([key, [name]]) => [key, `\${${name}}`]));
}

/** The settings of one rendering: the local gateway's, or docker-compose's. */
function settingsFor(env, compose, outDir) {
  const port = setting(env, 'GATEWAY_PORT', '8080', /^\d{1,5}$/);
  const local = {
    LISTEN: setting(env, 'GATEWAY_LISTEN', `127.0.0.1:${port}`),
    RUN_DIR: outDir,
    CONF_DIR: outDir,
    ERROR_LOG: path.join(outDir, '..', 'logs', 'gateway-error.log'),
    ACCESS_LOG: path.join(outDir, '..', 'logs', 'gateway-access.log'),
    MIME_TYPES: '/etc/nginx/mime.types',
    WEB_ROOT: setting(env, 'GATEWAY_WEB_ROOT', path.join(ROOT, 'dist', 'web')),
    DOCS_DIR: setting(env, 'GATEWAY_DOCS_DIR', path.join(outDir, 'docs')),
  };
  const composed = {
    LISTEN: '${GATEWAY_PORT}',
    RUN_DIR: '/tmp',
    CONF_DIR: '/etc/nginx/gateway',
    ERROR_LOG: '/dev/stderr',
    ACCESS_LOG: '/dev/stdout',
    MIME_TYPES: '/etc/nginx/mime.types',
    WEB_ROOT: '/usr/share/nginx/html',
    DOCS_DIR: '/usr/share/nginx/docs',
  };
  const apps = compose
    ? { auth: 'auth:${AUTH_PORT}', orders: 'orders:${ORDERS_PORT}', catalog: 'catalog:${CATALOG_PORT}', billing: 'billing:${BILLING_PORT}' }
    : {
        auth: `127.0.0.1:${env.AUTH_PORT || 3001}`,
        orders: `127.0.0.1:${env.ORDERS_PORT || 3000}`,
        catalog: `127.0.0.1:${env.CATALOG_PORT || 3003}`,
        billing: `127.0.0.1:${env.BILLING_PORT || 3004}`,
      };
  return {
    ...(compose ? composed : local),
    // Run by root locally (CI), the workers would be nobody, who may not reach a clone's files.
    USER_DIRECTIVE: !compose && env.GATEWAY_RUN_AS ? `user ${setting(env, 'GATEWAY_RUN_AS', '', /^[a-z_][a-z0-9_-]*$/)};` : '',
    ...(compose ? composeTunables() : localTunables(env)),
    UPSTREAMS: Object.entries(apps).map(([app, fallback]) => upstream(env, app, fallback)).join('\n'),
    ERROR_LOCATIONS: GATEWAY_ERRORS.map(errorLocation).join('\n'),
    PROXY_HEADERS: proxyHeaders('  '),
    LOCATION_PROXY_HEADERS: proxyHeaders('      '),
  };
}

/** The rendered nginx.conf text; placeholders inside rendered parts are filled too. */
function render(env, { compose = false, outDir }) {
  const values = settingsFor(env, compose, outDir);
  let text = fs.readFileSync(path.join(HERE, 'nginx.conf.template'), 'utf8');
  for (let pass = 0; pass < 2; pass++) text = text.replace(/\{\{([A-Z_]+)\}\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`the template names an unknown setting {{${name}}}`);
    return values[name];
  });
  return text;
}

function write(outDir, compose) {
  fs.mkdirSync(outDir, { recursive: true });
  // docker-compose's is rendered from the defaults alone, so the committed file is the same everywhere.
  fs.writeFileSync(path.join(outDir, compose ? 'nginx.conf.template' : 'nginx.conf'), render(compose ? {} : process.env, { compose, outDir }));
  fs.copyFileSync(path.join(HERE, 'edge-headers.conf'), path.join(outDir, 'edge-headers.conf'));
  if (!compose) fs.mkdirSync(path.join(outDir, 'docs'), { recursive: true });
}

module.exports = { render, GATEWAY_ERRORS, TUNABLES };

if (require.main === module) {
  const args = process.argv.slice(2);
  const compose = args[0] === '--compose';
  const outDir = path.resolve(args[compose ? 1 : 0] || '');
  if (!args[compose ? 1 : 0]) {
    console.error('usage: render-config.js [--compose] <output dir>');
    process.exit(2);
  }
  try {
    write(outDir, compose);
  } catch (error) {
    console.error(`render-config: ${error.message}`);
    process.exit(1);
  }
}
