/** The platform's API through the gateway (same origin), and its one error shape. */

export interface FieldError {
  field: string;
  messages: string[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** What people read for the codes they can act on; any other code shows the server's message. */
const FRIENDLY: Record<string, string> = {
  'AUTH.INVALID_CREDENTIALS': 'That username and password do not match.',
  'AUTH.MISSING_TOKEN': 'Please sign in first.',
  'AUTH.INVALID_TOKEN': 'Your session has ended: please sign in again.',
  'USER.ALREADY_EXISTS': 'That username is taken.',
  'ORDER.PRICE_CHANGED': 'Prices changed since you reviewed your cart: check the new total below and place the order again.',
  'ORDER.UNKNOWN_PRODUCT': 'A product in your cart is no longer sold.',
  'ORDER.INVALID_TRANSITION': 'This order cannot be cancelled any more.',
  'ORDER.STORE_UNAVAILABLE': 'Orders are unavailable for a moment: nothing was lost, please retry.',
  'CATALOG.STORE_UNAVAILABLE': 'The catalog is unavailable for a moment: please retry.',
  'PRODUCT.VERSION_MISMATCH': 'Someone changed this product meanwhile: it has been reloaded, apply your change again.',
  'GATEWAY.RATE_LIMITED': 'Too many requests: wait a moment and retry.',
  'GATEWAY.UPSTREAM_UNAVAILABLE': 'The service is unreachable right now: please retry.',
};

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const friendly = FRIENDLY[error.code];
    if (friendly) return friendly;
    if (Array.isArray(error.details) && error.details.length > 0) {
      return (error.details as FieldError[]).map((field) => field.messages.join(', ')).join('; ');
    }
    return error.message;
  }
  return 'The network is unreachable: check your connection and retry.';
}

export interface CallOptions {
  method?: string;
  token?: string;
  basic?: { username: string; password: string };
  body?: unknown;
  headers?: Record<string, string>;
}

export async function call<T>(path: string, options: CallOptions = {}): Promise<{ data: T; headers: Headers; status: number }> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.basic) headers.authorization = `Basic ${btoa(`${options.basic.username}:${options.basic.password}`)}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const answer = await fetch(path, { method: options.method ?? 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await answer.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!answer.ok) {
    const body = (data ?? {}) as { code?: string; message?: string; details?: unknown };
    throw new ApiError(answer.status, body.code ?? `HTTP.${answer.status}`, body.message ?? answer.statusText, body.details);
  }
  return { data: data as T, headers: answer.headers, status: answer.status };
}

export interface Product {
  id: string;
  name: string;
  description?: string;
  price: number;
  stock: number;
  available: number;
  version: number;
}

export interface QuoteLine {
  productId: string;
  name: string;
  unitPrice: number;
  quantity: number;
}

export interface Quote {
  lines: QuoteLine[];
  subtotal: number;
  fee: number;
  total: number;
}

export type OrderStatus = 'PLACED' | 'PROCESSED' | 'REJECTED' | 'CANCELLED' | 'REFUNDED';

export interface Payment {
  status: 'PENDING' | 'CAPTURED' | 'DECLINED' | 'REFUNDED' | 'CANCELLED';
  amount: number;
  currency: string;
  refunded: number;
}

export interface Order {
  orderid: string;
  status: OrderStatus;
  statusHistory: { status: OrderStatus; at: string; reason?: string }[];
  cost: number;
  lines?: QuoteLine[];
  orderitems: { name: string; quantity: number; price?: number }[];
  subtotal?: number;
  fee?: number;
  total?: number;
  createdAt: string;
  /** null when the shop takes no payment. */
  payment?: Payment | null;
}

export const money = (value: number, currency = 'EUR') => new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).format(value);
