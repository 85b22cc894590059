import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT, sleep } from '@test/system/stack';

const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

/** A TypeScript script of bench/ as its own node process (ts-node only transpiles it once, at start). */
export function spawnScript(script: string, env: NodeJS.ProcessEnv, output: 'pipe' | 'ignore' = 'ignore'): ChildProcess {
  return spawn(process.execPath, [...TS_NODE, resolve(ROOT, 'bench', script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, TS_NODE_PROJECT: resolve(ROOT, 'tsconfig.json'), ...env },
    stdio: ['ignore', output, 'inherit'],
  });
}

/** Runs a script to its end and parses the JSON line it printed last. */
export async function runScript<T>(script: string, env: NodeJS.ProcessEnv, onStart?: (child: ChildProcess) => void): Promise<T> {
  const child = spawnScript(script, env, 'pipe');
  onStart?.(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
  const last = output.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}

/** Waits until something answers HTTP on the port (any status), or the process ends. */
export async function waitHttp(child: ChildProcess, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
}
