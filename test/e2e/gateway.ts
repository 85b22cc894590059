import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './servers';

// Plain JS modules of infra/, shared with infra.sh and npm start.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { render } = require(resolve(REPO_ROOT, 'infra', 'gateway', 'render-config.js')) as { render: (env: NodeJS.ProcessEnv, options: { outDir: string }) => string };

export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((candidate) => existsSync(candidate));

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/**
 * A gateway of a test's own: the repo's nginx template rendered with the test's settings
 * (GATEWAY_* as in .env.example) into a temporary folder, nginx in the foreground.
 */
export class TestGateway {
  readonly dir = mkdtempSync(join(tmpdir(), 'rop-gateway-'));
  private process?: ChildProcess;
  port = 0;

  constructor(private readonly settings: NodeJS.ProcessEnv) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get docsDir(): string {
    return join(this.dir, 'docs');
  }

  get webRoot(): string {
    return join(this.dir, 'web');
  }

  async start(): Promise<void> {
    if (!NGINX) throw new Error('nginx is not installed: `bash infra/infra.sh up gateway` installs it (as root)');
    this.port = await freePort();
    mkdirSync(join(this.dir, 'logs'), { recursive: true });
    const runDir = join(this.dir, 'run');
    mkdirSync(this.docsDir, { recursive: true });
    mkdirSync(this.webRoot, { recursive: true });
    const config = render(
      {
        GATEWAY_PORT: String(this.port),
        GATEWAY_WEB_ROOT: this.webRoot,
        GATEWAY_DOCS_DIR: this.docsDir,
        ...(process.getuid?.() === 0 ? { GATEWAY_RUN_AS: 'root' } : {}),
        ...this.settings,
      },
      { outDir: runDir },
    );
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'nginx.conf'), config);
    copyFileSync(resolve(REPO_ROOT, 'infra', 'gateway', 'edge-headers.conf'), join(runDir, 'edge-headers.conf'));
    const errorLog = join(this.dir, 'logs', 'gateway-error.log');
    this.process = spawn(NGINX, ['-e', errorLog, '-p', runDir, '-c', join(runDir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'inherit', 'inherit'] });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (this.process.exitCode !== null) throw new Error(`nginx exited with ${this.process.exitCode}; see ${errorLog}`);
      const answered = await fetch(`${this.url}/api/`).then(() => true, () => false);
      if (answered) return;
      if (Date.now() > deadline) throw new Error(`the test gateway did not answer on ${this.url}`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGQUIT');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
