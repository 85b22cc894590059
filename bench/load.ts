import autocannon from 'autocannon';
import { orderBody } from './order-body';
import { pacedLoad } from './paced';

export interface LoadSpec {
  url: string;
  token?: string;
  userid: string;
  connections: number;
  durationS: number;
  /** Requests per second, evenly spaced (pacedLoad); unset means as fast as the server answers. */
  rate?: number;
}

export type LoadResult = {
  rps: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50: number;
  p99: number;
  seconds: number;
};

let requestNumber = 0;

/** POSTs a unique order body per request, one request in flight per connection (no pipelining). At a rate, evenly paced. */
export async function postOrders(spec: LoadSpec): Promise<LoadResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (spec.token) headers.authorization = `Bearer ${spec.token}`;
  if (spec.rate) {
    const { rate, durationS, connections } = spec;
    return pacedLoad({ url: spec.url, method: 'POST', headers, rate, durationS, connections, body: () => JSON.stringify(orderBody(spec.userid, requestNumber++)) });
  }
  const result = await autocannon({
    url: spec.url,
    method: 'POST',
    headers,
    connections: spec.connections,
    pipelining: 1,
    duration: spec.durationS,
    timeout: 10,
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: JSON.stringify(orderBody(spec.userid, requestNumber++)) }),
      },
    ],
  });
  return toLoadResult(result);
}

/** What a phase records of an autocannon run: successful answers per second and latencies. */
export function toLoadResult(result: autocannon.Result): LoadResult {
  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    seconds: result.duration,
  };
}
