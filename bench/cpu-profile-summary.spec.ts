import { CpuProfile, packageOf, selfTimeByFunction, selfTimeByPackage } from './cpu-profile-summary';

describe('cpu profile summary', () => {
  it('names the package of a frame, scoped or not, and node core, app code and V8 entries', () => {
    expect(packageOf('file:///x/node_modules/@nestjs/core/router/router-proxy.js', 'f')).toBe('@nestjs/core');
    expect(packageOf('file:///x/node_modules/a/node_modules/bson/lib/bson.cjs', 'f')).toBe('bson');
    expect(packageOf('node:internal/streams/writable', 'f')).toBe('node:internal');
    expect(packageOf('/x/dist/apps/orders/main.js', 'place')).toBe('(app)');
    expect(packageOf('', '(garbage collector)')).toBe('(garbage collector)');
    expect(packageOf('', 'writev')).toBe('(native)');
  });

  it('adds self time per package from the samples and leaves idle time out of the shares', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
        { id: 2, callFrame: { functionName: 'parse', url: '/n/node_modules/bson/a.js', lineNumber: 9 } },
        { id: 3, callFrame: { functionName: 'route', url: '/n/node_modules/express/b.js', lineNumber: 0 } },
      ],
      samples: [1, 2, 3, 2, 1],
      timeDeltas: [5000, 3000, 1000, 2000, 9000],
    };
    expect(selfTimeByPackage(profile)).toEqual([
      { name: 'bson', ms: 5, share: 5 / 6 },
      { name: 'express', ms: 1, share: 1 / 6 },
    ]);
    expect(selfTimeByFunction(profile)[0]).toEqual({ name: 'parse bson:a.js:10', ms: 5, share: 5 / 6 });
  });
});
