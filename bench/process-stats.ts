import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds of a process; with `withChildren`, of its live children too (PostgreSQL backends). */
export function cpuSeconds(pid: number, withChildren = false): number {
  const fields = statFields(pid);
  if (!fields) return 0;
  // After the name: state(0) ppid(1) … utime(11) stime(12).
  let ticks = Number(fields[11]) + Number(fields[12]);
  if (withChildren) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const child = statFields(Number(entry));
      if (child && Number(child[1]) === pid) ticks += Number(child[11]) + Number(child[12]);
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/** Peak resident set size (VmHWM) of a process in MB, or undefined once it has ended. */
export function peakRssMb(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface Watched {
  name: string;
  pid: () => number | undefined;
  withChildren?: boolean;
}

/** CPU seconds each watched process spent between start() and stop(). */
export class CpuMeter {
  private readonly before = new Map<string, number>();

  constructor(private readonly watched: Watched[]) {}

  start(): void {
    for (const process of this.watched) {
      const pid = process.pid();
      if (pid) this.before.set(process.name, cpuSeconds(pid, process.withChildren));
    }
  }

  stop(): Record<string, number> {
    const spent: Record<string, number> = {};
    for (const process of this.watched) {
      const pid = process.pid();
      const before = this.before.get(process.name);
      if (pid && before !== undefined) spent[process.name] = round(cpuSeconds(pid, process.withChildren) - before, 2);
    }
    this.before.clear();
    return spent;
  }
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
