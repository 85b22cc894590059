import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { pacedLoad } from './paced';

describe('the paced load (requests evenly spread over each second)', () => {
  let server: Server;
  let url: string;
  const arrivals: number[] = [];
  let status = 200;

  beforeAll(async () => {
    server = createServer((request, answer) => {
      arrivals.push(performance.now());
      request.resume();
      request.on('end', () => answer.writeHead(status, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/order`;
  });

  afterAll(() => new Promise<void>((closed) => server.close(() => closed())));
  beforeEach(() => {
    arrivals.length = 0;
    status = 200;
  });

  it('sends rate × duration requests spread over the whole phase, not each second\'s quota at its start', async () => {
    const started = performance.now();
    const result = await pacedLoad({ url, method: 'POST', body: (index) => JSON.stringify({ index }), rate: 40, durationS: 1, connections: 32 });
    expect(result.ok).toBe(40);
    expect(arrivals).toHaveLength(40);
    // A burst would bring all 40 within the first few milliseconds; paced, the first half of the
    // second sees about half of them (bounds wide enough for a busy machine).
    const firstHalf = arrivals.filter((arrival) => arrival - started < 500).length;
    expect(firstHalf).toBeGreaterThanOrEqual(10);
    expect(firstHalf).toBeLessThanOrEqual(30);
  });

  it('counts answers that are not 2xx apart and leaves them out of the rate', async () => {
    status = 409;
    const result = await pacedLoad({ url, method: 'GET', path: (index) => `/api/products?name=${index}`, rate: 20, durationS: 0.5, connections: 4 });
    expect(result).toMatchObject({ ok: 0, non2xx: 10, errors: 0, rps: 0 });
  });
});
