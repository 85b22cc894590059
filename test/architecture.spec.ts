import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The layout's rules, read from the source: the domain imports no framework and nothing of
 * ours, libs never import apps, no module imports itself through others, no test double ships.
 */
const ROOT = resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const shipped = (path: string) => !/\.(spec|e2e-spec)\.ts$/.test(path) && /\/src\//.test(path);
const allSources = [...sourceFiles(join(ROOT, 'libs')), ...sourceFiles(join(ROOT, 'apps'))].filter((path) => !path.includes('/apps/web/'));
const shippedSources = allSources.filter(shipped);

/** What a file imports or re-exports: the module specifiers, type-only ones too. */
function specifiersOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm), ...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map((match) => match[1]);
}

/** The file a specifier names, for ours (relative, @app/*, @apps/*); undefined for a package. */
function fileOf(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith('.')) base = resolve(dirname(from), specifier);
  else if (specifier.startsWith('@app/')) {
    const [, lib, ...rest] = specifier.split('/');
    base = join(ROOT, 'libs', lib, 'src', ...rest);
  } else if (specifier.startsWith('@apps/')) {
    const [, app, ...rest] = specifier.split('/');
    base = join(ROOT, 'apps', app, 'src', ...rest);
  } else return undefined;
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return undefined;
}

describe('the layout', () => {
  it('keeps the domain free of frameworks and of the rest of the code', () => {
    const domain = shippedSources.filter((path) => path.includes('/libs/domain/'));
    expect(domain.length).toBeGreaterThan(3);
    const outside = domain.flatMap((path) =>
      specifiersOf(path)
        .filter((specifier) => !specifier.startsWith('.') || !(fileOf(path, specifier) ?? '').includes('/libs/domain/'))
        .map((specifier) => `${relative(ROOT, path)} imports ${specifier}`),
    );
    expect(outside).toEqual([]);
  });

  it('never lets a lib import an app', () => {
    const libs = shippedSources.filter((path) => path.includes('/libs/'));
    const intoApps = libs.flatMap((path) =>
      specifiersOf(path)
        .filter((specifier) => (fileOf(path, specifier) ?? '').startsWith(join(ROOT, 'apps')))
        .map((specifier) => `${relative(ROOT, path)} imports ${specifier}`),
    );
    expect(intoApps).toEqual([]);
  });

  it('never lets an app import another app: what two apps share (the stored order) lives in a lib', () => {
    const apps = shippedSources.filter((path) => path.includes('/apps/'));
    const appOf = (path: string) => relative(join(ROOT, 'apps'), path).split('/')[0];
    const across = apps.flatMap((path) =>
      specifiersOf(path)
        .map((specifier) => ({ specifier, file: fileOf(path, specifier) ?? '' }))
        .filter(({ file }) => file.startsWith(join(ROOT, 'apps')) && appOf(file) !== appOf(path))
        .map(({ specifier }) => `${relative(ROOT, path)} imports ${specifier}`),
    );
    expect(apps.length).toBeGreaterThan(50);
    expect(across).toEqual([]);
  });

  it('has no import circle among the shipped modules', () => {
    const graph = new Map(shippedSources.map((path) => [path, specifiersOf(path).map((specifier) => fileOf(path, specifier)).filter((file): file is string => file !== undefined && shipped(file))]));
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...trail.slice(trail.indexOf(file)), file].map((path) => relative(ROOT, path)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(circles).toEqual([]);
  });

  it('keeps every source and test file under 300 lines: a file does one thing', () => {
    const files = ['apps', 'libs', 'test', 'bench', 'scripts'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(100);
    const long = files.map((path) => ({ path: relative(ROOT, path), lines: readFileSync(path, 'utf8').trimEnd().split('\n').length })).filter(({ lines }) => lines > 300);
    expect(long).toEqual([]);
  });

  it('ships no test double: fakes live beside the tests', () => {
    expect(shippedSources.filter((path) => /\.fake\.ts$/.test(path)).map((path) => relative(ROOT, path))).toEqual([]);
  });
});
