import { ScenarioResult } from './scenario';

/** One scenario's outcome as the runners print and store it. */
export interface ScenarioRow {
  name: string;
  result: ScenarioResult;
  seconds: number;
}

function cell(value: number | string | undefined): string {
  return value === undefined ? '-' : String(value);
}

/** The fault suites' table: one line per scenario, then every broken promise. */
export function printTable(rows: ScenarioRow[]): void {
  const header = ['scenario', 'sent', '201', '4xx', '5xx', 'PROCESSED', 'lost', 'twice', 'oversold', 'charged twice', 'refund missing', 'recover ms', 'result', 'notes'];
  const lines = rows.map(({ name, result }) => [
    name,
    cell(result.sent),
    cell(result.accepted),
    cell(result.rejected),
    cell(result.serverErrors),
    cell(result.processed),
    cell(result.lost),
    cell(result.processedTwice),
    cell(result.oversold),
    cell(result.chargedTwice),
    cell(result.refundMissing),
    cell(result.recoveryMs),
    result.broken.length === 0 ? 'PASS' : 'FAIL',
    result.notes.join('; '),
  ]);
  const widths = header.map((title, index) => Math.max(title.length, ...lines.map((line) => line[index].length)));
  const format = (line: string[]) => line.map((value, index) => value.padEnd(widths[index])).join(' | ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const line of lines) console.log(format(line));
  for (const { name, result } of rows) for (const problem of result.broken) console.log(`BROKEN ${name}: ${problem}`);
}

/**
 * Runs the scenarios a comma-separated `only` list names (all when it is unset), one after the
 * other; a scenario that throws is a broken row, not the end of the run.
 */
export async function runScenarios<C>(
  label: string,
  scenarios: { name: string; run(context: C): Promise<ScenarioResult> }[],
  context: C,
  only: string | undefined,
  rows: ScenarioRow[],
): Promise<void> {
  const names = only?.split(',').map((name) => name.trim().toLowerCase());
  for (const scenario of scenarios.filter((candidate) => !names || names.some((name) => candidate.name.toLowerCase().includes(name)))) {
    const started = Date.now();
    let result: ScenarioResult;
    try {
      result = await scenario.run(context);
    } catch (error) {
      result = { sent: 0, accepted: 0, rejected: 0, serverErrors: 0, notes: [], broken: [`crashed: ${(error as Error).message}`] };
    }
    const seconds = (Date.now() - started) / 1000;
    rows.push({ name: scenario.name, result, seconds });
    console.log(`[${label}] ${scenario.name}: ${result.broken.length === 0 ? 'PASS' : 'FAIL'} in ${seconds.toFixed(1)} s`);
    for (const problem of result.broken) console.log(`[${label}]   ${problem}`);
  }
}
