import { Client } from 'pg';

/** Runs one statement in the server's maintenance database (CREATE/DROP DATABASE cannot run in the target). */
async function onServerOf(url: URL, statement: string): Promise<void> {
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function databaseOf(url: URL): string {
  const name = url.pathname.replace(/^\//, '');
  if (!/^[a-z0-9_]+$/.test(name) || !name.includes('test')) throw new Error(`refusing database "${name}": lowercase letters, digits, _ and "test" only`);
  return name;
}

export function createDatabase(url: URL): Promise<void> {
  return onServerOf(url, `CREATE DATABASE "${databaseOf(url)}"`);
}

export function dropDatabase(url: URL): Promise<void> {
  return onServerOf(url, `DROP DATABASE IF EXISTS "${databaseOf(url)}" WITH (FORCE)`);
}
