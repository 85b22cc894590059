/** Self time of a V8 .cpuprofile, grouped by npm package (or node core, app code, GC). */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

const IDLE = '(idle)';

export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.startsWith('node:')) return `node:${url.slice('node:'.length).split('/')[0]}`;
  return '(app)';
}

function selfTimes(profile: CpuProfile, keyOf: (node: ProfileNode) => string): SelfTime[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const micros = profile.timeDeltas[index] ?? 0;
    if (!node || node.callFrame.functionName === IDLE) return;
    busy += micros;
    const key = keyOf(node);
    totals.set(key, (totals.get(key) ?? 0) + micros);
  });
  return [...totals]
    .map(([name, micros]) => ({ name, ms: micros / 1000, share: busy ? micros / busy : 0 }))
    .sort((a, b) => b.ms - a.ms);
}

export const selfTimeByPackage = (profile: CpuProfile) =>
  selfTimes(profile, (node) => packageOf(node.callFrame.url, node.callFrame.functionName));

export const selfTimeByFunction = (profile: CpuProfile) =>
  selfTimes(profile, ({ callFrame }) => {
    const where = callFrame.url ? `${packageOf(callFrame.url, callFrame.functionName)}:${callFrame.url.split('/').pop()}:${callFrame.lineNumber + 1}` : '';
    return `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
  });
