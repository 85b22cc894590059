/**
 * Hostile and malformed requests, one line each. Every one must get a 4xx in the project's
 * error shape and never a 5xx. `auth`: 'user' sends a valid token, 'none' nothing, else the
 * literal Authorization header.
 */
export interface BadRequest {
  name: string;
  app: 'auth' | 'orders' | 'billing';
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  auth?: 'user' | 'none' | string;
  body?: unknown;
  rawBody?: string | Buffer;
  contentType?: string;
}

const item = { name: 'tea', quantity: 1 };
const order = (patch: Record<string, unknown>) => ({ cost: 10, orderitems: [item], ...patch });
const deep = (depth: number): unknown => (depth === 0 ? 1 : { a: deep(depth - 1) });
const post = (name: string, body: unknown): BadRequest => ({ name, app: 'orders', method: 'POST', path: '/order', auth: 'user', body });
const register = (name: string, body: unknown): BadRequest => ({ name, app: 'auth', method: 'POST', path: '/api/users', body });
const details = (name: string, query: string): BadRequest => ({ name, app: 'orders', method: 'GET', path: `/orderdetails${query}`, auth: 'user' });
const ledger = (name: string, query: string, auth = 'user'): BadRequest => ({ name, app: 'billing', method: 'GET', path: `/api/billing/ledger${query}`, auth });

export const BAD_REQUESTS: BadRequest[] = [
  post('cost as string', order({ cost: '10' })),
  post('cost negative', order({ cost: -1 })),
  post('cost zero', order({ cost: 0 })),
  post('cost huge', order({ cost: 1e300 })),
  post('cost three decimals', order({ cost: 1.001 })),
  post('cost null', order({ cost: null })),
  post('cost object', order({ cost: { $gt: 0 } })),
  post('cost array', order({ cost: [10] })),
  post('cost boolean', order({ cost: true })),
  post('no orderitems', { cost: 10 }),
  post('empty orderitems', order({ orderitems: [] })),
  post('101 orderitems', order({ orderitems: Array.from({ length: 101 }, () => item) })),
  post('10k orderitems', order({ orderitems: Array.from({ length: 10_000 }, () => item) })),
  // Tens of thousands of field errors once made a 7.9 MB 400; the answer lists 20 (the scenario checks its size).
  post('100 KB of empty items', order({ orderitems: Array.from({ length: 33_000 }, () => ({})) })),
  post('orderitems string', order({ orderitems: 'tea' })),
  post('item quantity 0', order({ orderitems: [{ name: 'tea', quantity: 0 }] })),
  post('item quantity negative', order({ orderitems: [{ name: 'tea', quantity: -3 }] })),
  post('item quantity fractional', order({ orderitems: [{ name: 'tea', quantity: 0.5 }] })),
  post('item quantity huge', order({ orderitems: [{ name: 'tea', quantity: 1e12 }] })),
  post('item quantity string', order({ orderitems: [{ name: 'tea', quantity: '1' }] })),
  post('item without name', order({ orderitems: [{ quantity: 1 }] })),
  post('item name number', order({ orderitems: [{ name: 42, quantity: 1 }] })),
  post('item name too long', order({ orderitems: [{ name: 'x'.repeat(201), quantity: 1 }] })),
  // PostgreSQL's JSONB (under FerretDB) refuses \u0000: schemathesis found it as a 500.
  post('item name with NUL', order({ orderitems: [{ name: 'tea\u0000', quantity: 1 }] })),
  post('item name with lone surrogate', order({ orderitems: [{ name: 'tea \ud800', quantity: 1 }] })),
  post('item price three decimals', order({ orderitems: [{ name: 'tea', quantity: 1, price: 0.125 }] })),
  post('item null', order({ orderitems: [null] })),
  post('unknown field', order({ vip: true })),
  post('status injection', order({ status: 'PROCESSED' })),
  post('$set key', order({ $set: { status: 'PROCESSED' } })),
  post('dotted key', order({ 'outbox.published': true })),
  post('__proto__ key', JSON.parse('{"cost":10,"orderitems":[{"name":"tea","quantity":1}],"__proto__":{"polluted":true}}')),
  post('constructor key', order({ constructor: { prototype: { polluted: true } } })),
  post('nested __proto__ in item', JSON.parse('{"cost":10,"orderitems":[{"name":"tea","quantity":1,"__proto__":{"x":1}}]}')),
  post('deeply nested', order({ extra: deep(200) })),
  post('array body', [order({})]),
  post('string body', 'order'),
  post('number body', 42),
  post('null body', null),
  post('userid of another user', order({ userid: '0123456789abcdef01234567' })),
  post('userid object', order({ userid: { $ne: null } })),
  { name: 'malformed JSON', app: 'orders', method: 'POST', path: '/order', auth: 'user', rawBody: '{"cost": 10,', contentType: 'application/json' },
  { name: 'invalid UTF-8', app: 'orders', method: 'POST', path: '/order', auth: 'user', rawBody: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), contentType: 'application/json' },
  { name: '1 MB body', app: 'orders', method: 'POST', path: '/order', auth: 'user', body: order({ pad: 'x'.repeat(1_100_000) }) },
  { name: 'text/plain body', app: 'orders', method: 'POST', path: '/order', auth: 'user', rawBody: 'cost=10', contentType: 'text/plain' },
  { name: 'form body', app: 'orders', method: 'POST', path: '/order', auth: 'user', rawBody: 'cost=10&orderitems=tea', contentType: 'application/x-www-form-urlencoded' },
  { name: 'xml body', app: 'orders', method: 'POST', path: '/order', auth: 'user', rawBody: '<order/>', contentType: 'application/xml' },
  { name: 'unsupported charset', app: 'orders', method: 'POST', path: '/order', auth: 'user', rawBody: '{}', contentType: 'application/json; charset=ebcdic' },
  { name: 'no Authorization', app: 'orders', method: 'POST', path: '/order', auth: 'none', body: order({}) },
  { name: 'Basic instead of Bearer', app: 'orders', method: 'POST', path: '/order', auth: 'Basic dXNlcjpwYXNz', body: order({}) },
  { name: 'Bearer without token', app: 'orders', method: 'POST', path: '/order', auth: 'Bearer ', body: order({}) },
  { name: 'Bearer garbage', app: 'orders', method: 'POST', path: '/order', auth: 'Bearer not.a.jwt', body: order({}) },
  { name: 'Bearer huge', app: 'orders', method: 'GET', path: '/orderdetails?userid=x', auth: `Bearer ${'a'.repeat(6000)}.b.c` },
  { name: 'wrong method on /order', app: 'orders', method: 'DELETE', path: '/order', auth: 'user' },
  { name: 'PUT /order', app: 'orders', method: 'PUT', path: '/order', auth: 'user', body: order({}) },
  // A body on the live-status stream's GET once left its slot taken for ever (10 locked the user out).
  { name: 'status stream with a body', app: 'orders', method: 'GET', path: '/api/orders/events', auth: 'user', rawBody: '{}', contentType: 'application/json' },
  { name: 'unknown route', app: 'orders', method: 'GET', path: '/order/no/such/route', auth: 'user' },
  details('cursor not one given out', '?cursor=bm9wZQ'),
  details('both parameters', '?orderid=0123456789abcdef01234567&userid=me'),
  details('orderid not hex', '?orderid=zzz'),
  details('orderid operator', '?orderid[$ne]=1'),
  details('userid operator', '?userid[$gt]='),
  details('limit huge', '?userid=me&limit=999999999999'),
  details('limit negative', '?userid=me&limit=-1'),
  details('limit text', '?userid=me&limit=all'),
  details('cursor garbage', '?userid=me&cursor=%00%01%02'),
  details('long orderid', `?orderid=${'a'.repeat(5000)}`),
  details('repeated userid', '?userid=me&userid=me'),
  details('unknown parameter', '?userid=me&debug=true'),
  details('percent garbage', '?userid=%E0%A4%A'),
  register('register no body', undefined),
  register('register short username', { username: 'ab', password: 'long enough password' }),
  register('register username operator', { username: { $gt: '' }, password: 'long enough password' }),
  register('register long password', { username: 'valid_name', password: 'p'.repeat(1000) }),
  register('register extra field', { username: 'valid_name', password: 'long enough password', role: 'admin' }),
  register('register proto', JSON.parse('{"username":"valid_name","password":"long enough password","__proto__":{"admin":true}}')),
  // The tokens' public keys: read-only, no parameters.
  { name: 'POST to the JWKS', app: 'auth', method: 'POST', path: '/.well-known/jwks.json', body: { keys: [] } },
  { name: 'JWKS with a query', app: 'auth', method: 'GET', path: '/.well-known/jwks.json/../../api/users?kid[$ne]=1' },
  { name: 'token without header', app: 'auth', method: 'GET', path: '/api/token' },
  { name: 'token with Bearer', app: 'auth', method: 'GET', path: '/api/token', auth: 'Bearer abc' },
  { name: 'token with bad base64', app: 'auth', method: 'GET', path: '/api/token', auth: 'Basic %%%' },
  { name: 'token with NUL in the user name', app: 'auth', method: 'GET', path: '/api/token', auth: `Basic ${Buffer.from('ad\u0000min:a password').toString('base64')}` },
  { name: 'token with control character in the password', app: 'auth', method: 'GET', path: '/api/token', auth: `Basic ${Buffer.from('admin:pass\u0007word').toString('base64')}` },
  { name: 'token with huge header', app: 'auth', method: 'GET', path: '/api/token', auth: `Basic ${Buffer.from(`${'u'.repeat(3000)}:p`).toString('base64')}` },
  // Payments: an order's payment method, and billing's ledger and compensation log.
  post('payment method not a pm_ id', order({ paymentMethod: 'tok_visa' })),
  post('payment method injection', order({ paymentMethod: "pm_card_visa' OR 1=1" })),
  post('payment method object', order({ paymentMethod: { $ne: null } })),
  post('payment method too long', order({ paymentMethod: `pm_${'x'.repeat(200)}` })),
  ledger('ledger without a token', '', 'none'),
  ledger('ledger of another user', '?userid=someone-else'),
  ledger('ledger limit zero', '?limit=0'),
  ledger('ledger limit huge', '?limit=100000'),
  ledger('ledger cursor garbage', '?cursor=abc'),
  ledger('ledger cursor negative', '?cursor=-1'),
  ledger('ledger cursor beyond bigint', `?cursor=${'9'.repeat(30)}`),
  ledger('ledger userid operator', '?userid[$ne]=x'),
  ledger('ledger unknown parameter', '?debug=true'),
  { name: 'compensations as a buyer', app: 'billing', method: 'GET', path: '/api/billing/compensations', auth: 'user' },
  { name: 'compensations status unknown', app: 'billing', method: 'GET', path: '/api/billing/compensations?status=LOST', auth: 'user' },
  { name: 'POST to the ledger', app: 'billing', method: 'POST', path: '/api/billing/ledger', auth: 'user', body: { amount: -100 } },
];
