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
  const header = ['scenario', 'sent', '201', '4xx', '5xx', 'PROCESSED', 'lost', 'twice', 'oversold', 'recover ms', 'result', 'notes'];
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
