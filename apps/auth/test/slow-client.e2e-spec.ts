import { AddressInfo, connect, Socket } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { createAuthApp } from '@apps/auth/create-app';
import { TestEnv } from '@test/e2e/test-env';

/** What a slow-loris client gets: everything the server wrote, and when the connection ended. */
function trickle(port: number, head: string, drip: string, everyMs: number): Promise<{ answer: string; openMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket: Socket = connect(port, '127.0.0.1');
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    // Bounded: a server that never times the client out fails the test, it does not hang it.
    const giveUp = setTimeout(() => socket.destroy(new Error('the server kept the connection open for 20 s')), 20_000);
    socket.on('connect', () => {
      socket.write(head);
      let sent = 0;
      timer = setInterval(() => {
        if (!socket.destroyed && sent < drip.length) socket.write(drip[sent++]);
      }, everyMs);
    });
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', (error) => (error.message.includes('20 s') ? reject(error) : undefined));
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ answer, openMs: Date.now() - started });
    });
  });
}

describe('auth app: slow clients (e2e)', () => {
  const env = new TestEnv();
  let app: INestApplication;
  let port: number;

  beforeAll(async () => {
    env.set({ HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000' });
    app = await createAuthApp();
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app?.close();
    env.restore();
  });

  it('answers 408 and closes a connection whose headers come one byte at a time', async () => {
    const { answer, openMs } = await trickle(port, 'GET /health HTTP/1.1\r\n', 'Host: 127.0.0.1\r\nX-Slow: yes\r\n'.repeat(20), 300);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(openMs).toBeLessThan(10_000);
  });

  it('answers 408 and closes a connection whose body comes one byte at a time', async () => {
    const head = 'POST /api/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n';
    const { answer, openMs } = await trickle(port, head, '{"username":"slowloris","password":"x'.padEnd(199, 'x') + '}', 300);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    // The body timer, not the headers' one: the headers were complete at once.
    expect(openMs).toBeGreaterThanOrEqual(1500);
    expect(openMs).toBeLessThan(10_000);
  });
});
