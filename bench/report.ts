export interface Figure {
  id: string;
  what: string;
  value: number | undefined;
  unit: string;
  goal: string;
  pass: boolean | undefined;
  detail?: string;
}

const number = (value: number | undefined) =>
  value === undefined || !Number.isFinite(value) ? 'n/a' : Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);

export function atLeast(id: string, what: string, value: number | undefined, goal: number, unit = '', detail?: string): Figure {
  return { id, what, value, unit, goal: `≥ ${goal}${unit ? ` ${unit}` : ''}`, pass: value === undefined ? undefined : value >= goal, detail };
}

export function atMost(id: string, what: string, value: number | undefined, goal: number, unit = '', detail?: string): Figure {
  return { id, what, value, unit, goal: `≤ ${number(goal)}${unit ? ` ${unit}` : ''}`, pass: value === undefined ? undefined : value <= goal, detail };
}

export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((name, index) => Math.max(name.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (row: string[]) => row.map((cell, index) => (cell ?? '').padEnd(widths[index])).join(' | ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of rows) console.log(line(row));
}

export function printFigures(figures: Figure[]): void {
  printTable(
    'Figures (ratios against baselines measured in this run)',
    ['id', 'what', 'value', 'goal', 'result', 'from'],
    figures.map((figure) => [
      figure.id,
      figure.what,
      `${number(figure.value)}${figure.unit ? ` ${figure.unit}` : ''}`,
      figure.goal,
      figure.pass === undefined ? 'n/a' : figure.pass ? 'PASS' : 'FAIL',
      figure.detail ?? '',
    ]),
  );
}

export { number as formatNumber };

/** The q-quantile (0–1) of ascending numbers; 0 when there are none. */
export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
