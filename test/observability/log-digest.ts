import { readFileSync } from 'node:fs';

/** Kafka's connection refusals while it is down: hundreds of lines that say nothing new. */
const NOISE = /ECONNREFUSED|seed broker|No broker available/;

/**
 * The warnings and errors of apps' JSON logs since a moment, one short line each, for a
 * failure message: when recovery times out in CI, it says which app waited and on what.
 */
export function logDigest(files: Record<string, string>, sinceMs: number, maxLines = 40): string {
  const lines: { time: number; text: string }[] = [];
  for (const [app, file] of Object.entries(files)) {
    let content = '';
    try {
      content = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const raw of content.split('\n')) {
      let line: { time?: number; level?: number; context?: string; message?: string; msg?: string; groupId?: string };
      try {
        line = JSON.parse(raw) as typeof line;
      } catch {
        continue;
      }
      const message = line.message ?? line.msg ?? '';
      if ((line.time ?? 0) < sinceMs || (line.level ?? 0) < 40 || NOISE.test(message)) continue;
      const at = new Date(line.time ?? 0).toISOString().slice(11, 23);
      lines.push({ time: line.time ?? 0, text: `${at} ${app} ${line.context ?? ''} ${message.slice(0, 140)}${line.groupId ? ` (${line.groupId})` : ''}` });
    }
  }
  lines.sort((a, b) => a.time - b.time);
  const shown = lines.length > maxLines ? [...lines.slice(0, maxLines / 2), { time: 0, text: `… ${lines.length - maxLines} lines …` }, ...lines.slice(-maxLines / 2)] : lines;
  return shown.map(({ text }) => text).join('\n');
}
