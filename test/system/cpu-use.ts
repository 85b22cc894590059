import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { cpuSeconds } from '../../bench/process-stats';
import { AppName, ROOT, Stack } from './stack';

const APPS: AppName[] = ['auth', 'orders', 'order-processor', 'catalog', 'billing'];
/** The servers infra.sh started (.infra/run/<name>.pid); PostgreSQL counted with its backends. */
const SERVERS: { name: string; label: string; withChildren: boolean }[] = [
  { name: 'mongo', label: 'ferretdb', withChildren: false },
  { name: 'mongo-store', label: "ferretdb's postgres", withChildren: true },
  { name: 'postgres', label: 'postgres', withChildren: true },
  { name: 'kafka', label: 'kafka', withChildren: false },
  { name: 'payments', label: 'payment stand-in', withChildren: false },
];
const TICKS_PER_SECOND = 100;

function serverPid(name: string): number | undefined {
  try {
    return Number(readFileSync(resolve(ROOT, '.infra', 'run', `${name}.pid`), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds every core of the machine spent on anything but idling, since boot. */
function machineBusySeconds(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal: all but idle and iowait.
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

/**
 * Where the CPU of a stretch of a scenario went (a recovery, say): the share of the machine's
 * cores that were busy, and the CPU seconds of each app, each server and this driver, largest
 * first. What a recovery that takes longer than its work should is bounded by shows here: every
 * core busy (throughput), or cores idle while orders wait (a wait somewhere).
 */
export class CpuUse {
  private readonly startedAt = Date.now();
  private readonly machineAtStart = machineBusySeconds();
  private readonly atStart: Map<string, number>;

  constructor(private readonly stack: Stack) {
    this.atStart = this.read();
  }

  summary(): string {
    const seconds = (Date.now() - this.startedAt) / 1000;
    const cores = (machineBusySeconds() - this.machineAtStart) / seconds;
    const now = this.read();
    const used = [...now].map(([label, cpu]) => [label, cpu - (this.atStart.get(label) ?? cpu)] as const).filter(([, cpu]) => cpu >= 0.05);
    used.sort((a, b) => b[1] - a[1]);
    return `over those ${seconds.toFixed(1)} s, ${cores.toFixed(2)} of the machine's ${cpus().length} cores busy on average; CPU seconds: ${used.map(([label, cpu]) => `${label} ${cpu.toFixed(1)}`).join(', ')}`;
  }

  private read(): Map<string, number> {
    const cpu = new Map<string, number>();
    for (const app of APPS) {
      const pid = this.stack.pid(app);
      if (pid) cpu.set(app, cpuSeconds(pid));
    }
    for (const server of SERVERS) {
      const pid = serverPid(server.name);
      if (pid) cpu.set(server.label, cpuSeconds(pid, server.withChildren));
    }
    cpu.set('test driver', cpuSeconds(process.pid));
    return cpu;
  }
}
