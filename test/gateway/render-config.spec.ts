import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports */
const { render, GATEWAY_ERRORS } = require('../../infra/gateway/render-config.js') as {
  render: (env: NodeJS.ProcessEnv, options: { compose?: boolean; outDir: string }) => string;
  GATEWAY_ERRORS: { name: string; status: number; code: string }[];
};
const { ROUTES, appOf } = require('../../infra/gateway/routes.js') as { ROUTES: { app: string; path: string; exact: boolean }[]; appOf: (path: string) => string | undefined };
const { mergeDocuments } = require('../../infra/gateway/merge-openapi.js') as { mergeDocuments: (docs: { app: string; document: object }[], version: string) => { paths: object; components: { schemas: object } } };
/* eslint-enable @typescript-eslint/no-require-imports */

const local = (env: NodeJS.ProcessEnv = {}) => render(env, { outDir: '/tmp/rop-gateway-spec' });

/** The body of `location <match> { … }` in a rendered configuration. */
function location(config: string, match: string): string | undefined {
  const start = config.indexOf(`    location ${match} {`);
  return start < 0 ? undefined : config.slice(start, config.indexOf('\n    }', start));
}

describe('the gateway configuration (infra/gateway)', () => {
  it.each(ROUTES)('routes $path to the $app upstream', ({ app, path, exact }) => {
    const body = location(local(), exact ? `= ${path}` : path);
    expect(body).toContain(`proxy_pass http://${app};`);
  });

  it('sends every app to the instances its *_UPSTREAMS setting lists, with passive health checks', () => {
    const config = local({ GATEWAY_ORDERS_UPSTREAMS: '127.0.0.1:4000, 127.0.0.1:4010' });
    expect(config).toMatch(/upstream orders \{\n {4}zone upstream_orders 64k;\n {4}server 127\.0\.0\.1:4000 max_fails=1 fail_timeout=5s;\n {4}server 127\.0\.0\.1:4010 max_fails=1 fail_timeout=5s;/);
    expect(config).toMatch(/upstream auth \{[^}]*server 127\.0\.0\.1:3001 /);
  });

  it('refuses settings that would change the configuration rather than fill it', () => {
    expect(() => local({ GATEWAY_ORDERS_UPSTREAMS: '127.0.0.1:4000; include /etc/passwd' })).toThrow(/GATEWAY_ORDERS_UPSTREAMS/);
    expect(() => local({ GATEWAY_RATE_LIMIT: '10r/s' })).toThrow(/GATEWAY_RATE_LIMIT/);
    expect(() => local({ GATEWAY_BODY_LIMIT: '1m;' })).toThrow(/GATEWAY_BODY_LIMIT/);
  });

  it('answers every error of its own as JSON in the platform shape, with the request id', () => {
    const config = local();
    for (const error of GATEWAY_ERRORS) {
      expect(config).toMatch(new RegExp(`error_page (\\d+ )*${error.status} = @${error.name};`));
      const body = location(config, `@${error.name}`);
      expect(body).toContain('default_type application/json;');
      const json = body?.match(/return \d+ '(.*)';/)?.[1] ?? '';
      expect(JSON.parse(json)).toEqual({ statusCode: error.status, code: error.code, message: expect.any(String), correlationId: '$edge_request_id' });
    }
  });

  it('leaves no setting unfilled, and keeps only the nginx variables of its own', () => {
    expect(local()).not.toMatch(/\{\{|\$\{/);
  });

  it('matches the committed docker-compose template (npm run gateway:compose renders it)', () => {
    const committed = readFileSync(resolve(__dirname, '..', '..', 'infra', 'gateway', 'compose', 'nginx.conf.template'), 'utf8');
    expect(render({}, { compose: true, outDir: '/unused' })).toBe(committed);
    expect(committed).toContain('server orders:${ORDERS_PORT}');
  });
});

describe('the merged OpenAPI document', () => {
  const schema = { type: 'object' };
  const doc = (paths: string[], schemas: object = { ErrorResponseDto: schema }) => ({
    openapi: '3.0.0',
    paths: Object.fromEntries(paths.map((path) => [path, { get: {} }])),
    components: { schemas },
  });

  it('keeps each routed path from the app the gateway sends it to, and no health or docs route', () => {
    const merged = mergeDocuments(
      [
        { app: 'auth', document: doc(['/api/token', '/api/users/me', '/health', '/health/ready']) },
        { app: 'orders', document: doc(['/order', '/order/{orderid}/cancel', '/orderdetails', '/health']) },
        { app: 'catalog', document: doc(['/api/products', '/api/products/{id}']) },
      ],
      '1.2.3',
    );
    expect(Object.keys(merged.paths).sort()).toEqual(['/api/products', '/api/products/{id}', '/api/token', '/api/users/me', '/order', '/order/{orderid}/cancel', '/orderdetails']);
    expect(appOf('/order/{orderid}/cancel')).toBe('orders');
    expect(appOf('/health')).toBeUndefined();
  });

  it('refuses two apps that mean different things by one schema name', () => {
    expect(() =>
      mergeDocuments(
        [
          { app: 'auth', document: doc(['/api/token'], { ErrorResponseDto: schema }) },
          { app: 'orders', document: doc(['/order'], { ErrorResponseDto: { type: 'string' } }) },
        ],
        '1',
      ),
    ).toThrow(/components.schemas "ErrorResponseDto" differs/);
  });
});
