/**
 * npm run bench:deps-memory
 *
 * P7's other question: what each runtime dependency costs in resident memory before any
 * request. Each dependency is loaded alone in a fresh Node process (after a full GC), and its
 * RSS and V8 heap are printed against a bare Node process measured in the same run. The apps'
 * own idle and peak RSS come from `npm run bench` (P7) and `npm run bench:memory`.
 */
import { execFileSync } from 'node:child_process';
import { ROOT } from '@test/system/stack';
import { printTable } from './report';

const mb = (value: number) => value.toFixed(1);

/** What the apps load, in groups as they are loaded together; [] is bare Node. */
const GROUPS: { name: string; modules: string[] }[] = [
  { name: 'bare node', modules: [] },
  { name: '@nestjs/core + common + rxjs + reflect-metadata', modules: ['reflect-metadata', '@nestjs/common', '@nestjs/core', 'rxjs'] },
  { name: '@nestjs/platform-fastify (+ fastify, middie)', modules: ['reflect-metadata', '@nestjs/platform-fastify'] },
  { name: '@nestjs/swagger (+ swagger-ui-dist)', modules: ['reflect-metadata', '@nestjs/swagger'] },
  { name: 'mongoose (+ mongodb driver, bson)', modules: ['mongoose'] },
  { name: 'kafkajs', modules: ['kafkajs'] },
  { name: '@nestjs/microservices', modules: ['reflect-metadata', '@nestjs/microservices'] },
  { name: 'nestjs-pino + pino + pino-http', modules: ['reflect-metadata', 'nestjs-pino', 'pino', 'pino-http'] },
  { name: '@nestjs/terminus', modules: ['reflect-metadata', '@nestjs/terminus'] },
  { name: 'class-validator + class-transformer (env)', modules: ['class-validator', 'class-transformer'] },
  { name: '@nestjs/config', modules: ['reflect-metadata', '@nestjs/config'] },
  { name: 'ajv + @sinclair/typebox', modules: ['ajv', '@sinclair/typebox'] },
  { name: '@nestjs/jwt (+ jsonwebtoken)', modules: ['reflect-metadata', '@nestjs/jwt'] },
  { name: 'opossum', modules: ['opossum'] },
  { name: 'passport + passport-http (auth)', modules: ['passport', 'passport-http'] },
  { name: 'argon2 (auth)', modules: ['argon2'] },
  { name: 'all of the above', modules: [] },
];

const ALL = [...new Set(GROUPS.flatMap((group) => group.modules))];

function measure(modules: string[]): { rssMb: number; heapMb: number } {
  const script = `
    for (const name of ${JSON.stringify(modules)}) require(name);
    setTimeout(() => {
      global.gc(); global.gc();
      const usage = process.memoryUsage();
      process.stdout.write(JSON.stringify({ rss: usage.rss, heap: usage.heapUsed }));
    }, 200);`;
  const samples = [0, 1, 2].map(() => JSON.parse(execFileSync(process.execPath, ['--expose-gc', '-e', script], { cwd: ROOT, encoding: 'utf8' })));
  const median = (values: number[]) => values.sort((a, b) => a - b)[1];
  return { rssMb: median(samples.map((sample) => sample.rss)) / 2 ** 20, heapMb: median(samples.map((sample) => sample.heap)) / 2 ** 20 };
}

function main(): void {
  const base = measure([]);
  const rows = GROUPS.map((group) => {
    const modules = group.name === 'all of the above' ? ALL : group.modules;
    const { rssMb, heapMb } = modules.length === 0 ? base : measure(modules);
    return [
      group.name,
      mb(rssMb),
      modules.length === 0 ? '-' : `+${mb(rssMb - base.rssMb)}`,
      mb(heapMb),
      modules.length === 0 ? '-' : `+${mb(heapMb - base.heapMb)}`,
    ];
  });
  printTable('Idle memory per dependency (median of 3 fresh processes)', ['loaded', 'RSS MB', 'Δ RSS vs bare', 'V8 heap MB', 'Δ heap vs bare'], rows);
}

main();
