// Readiness probe for infra.sh: exits 0 only when the server really answers its protocol,
// not merely when its port is open (Kafka opens its port well before it serves metadata).
//   node probe.js mongo <uri>
//   node probe.js postgres <url>
//   node probe.js kafka <plaintext host:port> [<ssl host:port>]
//   node probe.js kafka-cluster <brokers expected> <host:port,...>   every broker in the metadata
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const TIMEOUT_MS = 5000;

async function probeMongo(uri) {
  const mongoose = require('mongoose');
  const connection = await mongoose
    .createConnection(uri, { serverSelectionTimeoutMS: TIMEOUT_MS, connectTimeoutMS: TIMEOUT_MS })
    .asPromise();
  try {
    await connection.db.admin().ping();
  } finally {
    await connection.close();
  }
}

async function probePostgres(url) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: TIMEOUT_MS });
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}

async function describeCluster(broker, ssl, expected = 1) {
  const { Kafka, logLevel } = require('kafkajs');
  const kafka = new Kafka({
    clientId: 'infra-probe',
    brokers: [broker],
    ssl,
    connectionTimeout: TIMEOUT_MS,
    requestTimeout: TIMEOUT_MS,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length < expected) throw new Error(`${cluster.brokers.length} of ${expected} brokers in metadata`);
    if (cluster.controller === null || cluster.controller < 0) throw new Error('no active controller');
  } finally {
    await admin.disconnect();
  }
}

async function probeKafka(plaintext, sslBroker) {
  await describeCluster(plaintext, undefined);
  if (sslBroker) {
    const certs = path.resolve(__dirname, '..', 'certs');
    await describeCluster(sslBroker, {
      ca: [fs.readFileSync(path.join(certs, 'ca.crt'))],
      cert: fs.readFileSync(path.join(certs, 'client.crt')),
      key: fs.readFileSync(path.join(certs, 'client.key')),
      servername: 'localhost',
    });
  }
}

async function probeKafkaCluster(expected, brokers) {
  for (const broker of brokers.split(',')) await describeCluster(broker, undefined, Number(expected));
}

const [kind, ...args] = process.argv.slice(2);
const probes = { mongo: probeMongo, postgres: probePostgres, kafka: probeKafka, 'kafka-cluster': probeKafkaCluster };
if (!probes[kind]) {
  console.error('usage: probe.js mongo <uri> | postgres <url> | kafka <broker> [<ssl broker>] | kafka-cluster <n> <brokers>');
  process.exit(2);
}
const timer = setTimeout(() => {
  console.error(`${kind}: no answer within ${TIMEOUT_MS * 2} ms`);
  process.exit(1);
}, TIMEOUT_MS * 2);
probes[kind](...args).then(
  () => process.exit(0),
  (error) => {
    clearTimeout(timer);
    console.error(`${kind}: ${error.message}`);
    process.exit(1);
  },
);
