// One OpenAPI document for the whole platform, from the apps' own (GET /docs-json of each):
//   node infra/gateway/merge-openapi.js <output dir>
// The apps are asked on 127.0.0.1 at AUTH_PORT / ORDERS_PORT / CATALOG_PORT / BILLING_PORT, or where
// GATEWAY_DOCS_SOURCES says (docker-compose: auth=http://auth:3001,orders=http://orders:3000,…).
// Writes openapi.json, and index.html + Swagger UI's files for GET /docs on the gateway.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { isDeepStrictEqual } = require('node:util');
const { appOf } = require('./routes');

const ROOT = path.resolve(__dirname, '..', '..');

function mergeInto(target, source, what) {
  for (const [name, value] of Object.entries(source ?? {})) {
    if (name in target && !isDeepStrictEqual(target[name], value)) throw new Error(`${what} "${name}" differs between the apps' documents`);
    target[name] = value;
  }
}

/**
 * The merged document: every path the gateway routes to the app that documents it (health and
 * docs routes stay on the apps' own ports), components joined by name (the same name must mean
 * the same schema), tags joined.
 */
function mergeDocuments(documents, version) {
  const merged = {
    openapi: documents[0]?.document.openapi ?? '3.0.0',
    info: {
      title: 'retail-order-platform',
      version,
      description: `The platform behind its gateway: ${documents.map(({ app }) => app).join(', ')}. Each app also serves its own document on its port.`,
    },
    servers: [{ url: '/' }],
    paths: {},
    components: {},
    tags: [],
  };
  for (const { app, document } of documents) {
    for (const [route, operations] of Object.entries(document.paths ?? {})) {
      if (appOf(route) !== app) continue;
      if (merged.paths[route]) throw new Error(`path ${route} is documented by two apps`);
      merged.paths[route] = operations;
    }
    for (const [kind, entries] of Object.entries(document.components ?? {})) {
      merged.components[kind] ??= {};
      mergeInto(merged.components[kind], entries, `components.${kind}`);
    }
    for (const tag of document.tags ?? []) if (!merged.tags.some((known) => known.name === tag.name)) merged.tags.push(tag);
  }
  return merged;
}

const SWAGGER_UI_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png'];
const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>retail-order-platform API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script src="/docs/start.js"></script>
</body>
</html>
`;
// A file, not an inline script: the gateway's Content-Security-Policy allows scripts of its own origin only.
const START_JS = "window.ui = SwaggerUIBundle({ url: '/docs-json', dom_id: '#swagger-ui', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });\n";

function sourcesFrom(env) {
  if (env.GATEWAY_DOCS_SOURCES) {
    return Object.fromEntries(env.GATEWAY_DOCS_SOURCES.split(',').map((entry) => entry.trim().split('=')).map(([app, url]) => [app, url.replace(/\/$/, '')]));
  }
  return {
    auth: `http://127.0.0.1:${env.AUTH_PORT || 3001}`,
    orders: `http://127.0.0.1:${env.ORDERS_PORT || 3000}`,
    catalog: `http://127.0.0.1:${env.CATALOG_PORT || 3003}`,
    billing: `http://127.0.0.1:${env.BILLING_PORT || 3004}`,
  };
}

async function fetchDocument(app, baseUrl) {
  const answer = await fetch(`${baseUrl}/docs-json`, { signal: AbortSignal.timeout(10_000) });
  if (!answer.ok) throw new Error(`${app}'s /docs-json answered ${answer.status}`);
  return { app, document: await answer.json() };
}

async function main(outDir) {
  const documents = await Promise.all(Object.entries(sourcesFrom(process.env)).map(([app, url]) => fetchDocument(app, url)));
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  writeDocs(outDir, documents, version);
}

/** openapi.json, and the Swagger UI page that shows it (GET /docs on the gateway). */
function writeDocs(outDir, documents, version) {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'openapi.json'), JSON.stringify(mergeDocuments(documents, version), null, 2));
  const swaggerUi = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  for (const file of SWAGGER_UI_FILES) fs.copyFileSync(path.join(swaggerUi, file), path.join(outDir, file));
  fs.writeFileSync(path.join(outDir, 'index.html'), INDEX_HTML);
  fs.writeFileSync(path.join(outDir, 'start.js'), START_JS);
}

module.exports = { mergeDocuments, writeDocs };

if (require.main === module) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: merge-openapi.js <output dir>');
    process.exit(2);
  }
  main(path.resolve(outDir)).catch((error) => {
    console.error(`merge-openapi: ${error.message}`);
    process.exit(1);
  });
}
