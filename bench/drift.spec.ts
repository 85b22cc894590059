import { DRIFT_LIMIT, driftCheck, heldTarget, missedTarget } from './drift';

describe('the bench checks its own drift', () => {
  it('accepts a run whose first phase, repeated at the end, came within 10 %, and no other', () => {
    expect(driftCheck(1000, 1090)).toMatchObject({ valid: true });
    expect(driftCheck(1000, 910)).toMatchObject({ valid: true });
    expect(driftCheck(1618, 1156)).toMatchObject({ valid: false });
    expect(driftCheck(1000, 1101).drift).toBeGreaterThan(DRIFT_LIMIT);
    expect(driftCheck(0, 10).valid).toBe(false);
  });

  it('reports no latency for a rate-targeted phase that fell short of 95 % of its target', () => {
    expect(heldTarget({ rps: 760, p50: 4, p99: 9 }, 781)).toEqual({ rps: 760, p50: 4, p99: 9, target: 781 });
    expect(heldTarget({ rps: 489, p50: 4200, p99: 6600 }, 781)).toEqual({ rps: 489, p50: undefined, p99: undefined, target: 781 });
    expect(missedTarget(heldTarget({ rps: 489 }, 781))).toBe(true);
    expect(missedTarget({ rps: 489 })).toBe(false);
  });
});
