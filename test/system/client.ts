import { request as httpRequest } from 'node:http';
import { Types } from 'mongoose';
import { PORTS } from './stack';

export interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
  headers: Headers;
  ms: number;
}

/** Set by the runner's --via-gateway: the apps' API through the gateway instead of their own ports. */
let gatewayUrl: string | undefined;

export function routeThroughGateway(url: string): void {
  gatewayUrl = url;
}

export const viaGateway = () => gatewayUrl !== undefined;

/** No instance behind the gateway answered: for the tallies the same as a refused connection. */
export class UnreachableError extends Error {}

export async function call(
  app: keyof typeof PORTS,
  method: string,
  path: string,
  options: { token?: string; basic?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.basic) headers.authorization = `Basic ${options.basic}`;
  let body: string | Buffer | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const started = performance.now();
  const base = gatewayUrl && app !== 'order-processor' ? gatewayUrl : `http://127.0.0.1:${PORTS[app]}`;
  // fetch refuses a body on a GET; a hostile client does not.
  const response =
    body !== undefined && (method === 'GET' || method === 'HEAD')
      ? await sendWithBody(`${base}${path}`, method, headers, body)
      : await fetch(`${base}${path}`, { method, headers, body, signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  if (gatewayUrl && response.status === 502 && parsed?.code === 'GATEWAY.UPSTREAM_UNAVAILABLE') throw new UnreachableError(`${method} ${path}: no instance of ${app} reachable`);
  return { status: response.status, body: parsed, headers: response.headers, ms: performance.now() - started };
}

/** A request fetch will not send (a GET with a body), over node:http, answered as a Response. */
function sendWithBody(url: string, method: string, headers: Record<string, string>, body: string | Buffer): Promise<Response> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 15_000 }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') answerHeaders.set(name, value);
        resolve(new Response(Buffer.concat(chunks), { status: incoming.statusCode ?? 0, headers: answerHeaders }));
      });
      incoming.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${url}: no answer within 15 s`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export interface User {
  id: string;
  username: string;
  password: string;
  token: string;
}

/** Registers a user through apps/auth and trades the password for a token. */
export async function registerUser(stem = 'sys'): Promise<User> {
  const username = `${stem}${new Types.ObjectId().toHexString().slice(-10)}`;
  const password = 'system-test-password';
  const registered = await call('auth', 'POST', '/api/users', { body: { username, password } });
  if (registered.status !== 201) throw new Error(`registration answered ${registered.status}`);
  const token = await call('auth', 'GET', '/api/token', { basic: Buffer.from(`${username}:${password}`).toString('base64') });
  if (token.status !== 200) throw new Error(`token answered ${token.status}`);
  return { id: String(registered.body?.id), username, password, token: String(token.body?.access_token) };
}

export const orderBody = (cost = 12.5) => ({ cost, orderitems: [{ name: 'system tea', quantity: 1, price: cost }] });
