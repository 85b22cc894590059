import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Node 20 is past its end of life: the project runs on Node 24 LTS wherever it runs. */
const ROOT = resolve(__dirname, '..');
const major = (version: string) => Number(/(\d+)/.exec(version)?.[1]);
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string>; allowScripts: Record<string, boolean> };

describe('the runtime', () => {
  it('is Node 24 under npm scripts, whatever Node the machine has: the devDependency `node` comes first on their PATH', () => {
    expect(major(pkg.devDependencies.node)).toBe(24);
    expect(pkg.allowScripts.node).toBe(true);
    expect(major(process.versions.node)).toBe(24);
  });

  it('is Node 24 in every stage of the image, and what package.json says it needs', () => {
    const stages = [...readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8').matchAll(/^FROM node:(\S+)/gm)].map((match) => match[1]);
    expect(stages.length).toBeGreaterThanOrEqual(4);
    expect(stages.every((tag) => major(tag) === 24)).toBe(true);
    expect(pkg.engines.node).toBe('>=24');
  });

  it('runs the apps with the same Node options under npm scripts (.npmrc) as in the image, the young generation capped as Node 20 had it', () => {
    const npmOptions = /^node-options=(.+)$/m.exec(readFileSync(resolve(ROOT, '.npmrc'), 'utf8'))?.[1].trim();
    const imageOptions = /NODE_OPTIONS="([^"]+)"/.exec(readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8'))?.[1].trim();
    expect(npmOptions).toContain('--max-semi-space-size=16');
    expect(imageOptions).toBe(npmOptions);
  });
});
