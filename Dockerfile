# One image recipe for every app: docker build --build-arg APP=orders .
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json ./
COPY apps apps
COPY libs libs
ARG APP
RUN test -n "$APP" && npx nest build "$APP"

# The gateway (docker-compose's `gateway`, `--target gateway`): nginx with the web page built in.
FROM node:24-bookworm-slim AS web-build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY apps/web apps/web
RUN npm run build:web

FROM nginx:1.27 AS gateway
COPY --from=web-build /app/dist/web /usr/share/nginx/html
COPY infra/gateway/compose/nginx.conf.template /etc/nginx/templates/nginx.conf.template
COPY infra/gateway/compose/edge-headers.conf /etc/nginx/gateway/edge-headers.conf

# The payment provider's local stand-in (docker-compose's `payment-provider`, `--target payment-provider`):
# Stripe's API as billing uses it, with faults on purpose; not for production (billing then talks to Stripe).
FROM node:24-bookworm-slim AS payment-provider
WORKDIR /app
RUN npm install --no-save --no-audit --no-fund qs@6.17.1 && mkdir -p /data && chown node /data
COPY infra/payment-provider infra/payment-provider
USER node
CMD ["node", "infra/payment-provider/server.js", "--host", "0.0.0.0", "--port", "12180", "--data", "/data"]

# Runtime packages only. @nestjs/platform-express is an optional peer of @nestjs/core and a
# dev dependency here (the bench's naive app), so npm counts it "devOptional": leaving out
# optional packages too keeps Express out of the image (the apps run on Fastify).
FROM node:24-bookworm-slim AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund

FROM node:24-bookworm-slim
ARG APP
ENV NODE_ENV=production HTTP_HOST=0.0.0.0 \
    NODE_OPTIONS="--disable-warning=TimeoutNegativeWarning --max-semi-space-size=16"
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=runtime-deps /app/node_modules node_modules
COPY --from=build /app/dist/apps/${APP}/main.js dist/main.js
# The catalog and billing apply their SQL migrations at start (*_MIGRATIONS_DIR); a few kilobytes.
COPY --from=build /app/apps/catalog/migrations apps/catalog/migrations
COPY --from=build /app/apps/billing/migrations apps/billing/migrations
# docker-compose's gateway-docs runs the gateway's document merge from this image (a few kilobytes).
COPY infra/gateway infra/gateway
RUN mkdir -p /app/gateway-docs && chown node /app/gateway-docs
USER node
CMD ["node", "dist/main.js"]
