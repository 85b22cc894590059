import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO_ROOT = resolve(__dirname, '..', '..');
const INFRA_SCRIPT = resolve(REPO_ROOT, 'infra', 'infra.sh');
const PROBE_SCRIPT = resolve(REPO_ROOT, 'infra', 'probe.js');

export type Server = 'kafka' | 'mongo';

async function infra(command: 'up' | 'down', server?: Server): Promise<void> {
  try {
    await run('bash', [INFRA_SCRIPT, command, ...(server ? [server] : [])], { cwd: REPO_ROOT, timeout: 300_000 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`infra.sh ${command} ${server ?? ''} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

export async function answers(server: Server | 'postgres', address: string): Promise<boolean> {
  try {
    await run('node', [PROBE_SCRIPT, server, address], { timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

export const startAllServers = (): Promise<void> => infra('up');

/** The JWT key pair and TLS material the apps read; kept when they exist already. */
export async function generateCertificates(): Promise<void> {
  await run('bash', [resolve(REPO_ROOT, 'certs', 'generate.sh')], { cwd: REPO_ROOT });
}

/**
 * Stops a local server for an outage test. Only a server infra.sh started can be stopped;
 * if one answers afterwards, it was somebody else's and the test cannot go on.
 */
export async function stopServer(server: Server): Promise<void> {
  await infra('down', server);
  const address = server === 'kafka' ? '127.0.0.1:9092' : 'mongodb://127.0.0.1:27017/';
  if (await answers(server, address)) {
    throw new Error(`${server} still answers after 'infra.sh down ${server}': it was not started by infra.sh`);
  }
}

export const startServer = (server: Server): Promise<void> => infra('up', server);
