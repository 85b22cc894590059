// Which app answers which paths behind the gateway: nginx.conf.template's locations and the merged
// OpenAPI document (merge-openapi.js) both follow this table; a unit test holds them together.
'use strict';

/** Path prefixes per app; `exact` matches the path alone, otherwise the prefix and what follows. */
const ROUTES = [
  { app: 'auth', path: '/api/token', exact: false },
  { app: 'auth', path: '/.well-known/jwks.json', exact: true },
  { app: 'auth', path: '/api/users', exact: false },
  { app: 'catalog', path: '/api/products', exact: false },
  { app: 'orders', path: '/order', exact: true },
  { app: 'orders', path: '/order/', exact: false },
  { app: 'orders', path: '/orderdetails', exact: true },
  { app: 'orders', path: '/api/orders/', exact: false },
  { app: 'billing', path: '/api/billing/', exact: false },
];

/** The app the gateway sends an OpenAPI path (`/order/{orderid}/cancel`) to, or undefined. */
function appOf(openApiPath) {
  const route = ROUTES.find((candidate) => (candidate.exact ? openApiPath === candidate.path : openApiPath.startsWith(candidate.path)));
  return route?.app;
}

module.exports = { ROUTES, appOf };
