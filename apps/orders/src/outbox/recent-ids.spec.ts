import { RecentIds } from './recent-ids';

describe('the ids an outbox saw lately', () => {
  it('keeps an id for at least one window and at most two, then forgets it', () => {
    let now = 0;
    const recent = new RecentIds(1000, () => now);
    recent.add(['a']);
    now = 999;
    expect(recent.has('a')).toBe(true);
    now = 1500; // one rotation: 'a' is in the older generation
    recent.add(['b']);
    expect(recent.has('a')).toBe(true);
    now = 2600; // a second rotation: 'a' goes, 'b' stays
    expect(recent.has('a')).toBe(false);
    expect(recent.has('b')).toBe(true);
  });

  it('forgets everything after two windows without a call', () => {
    let now = 0;
    const recent = new RecentIds(1000, () => now);
    recent.add(['a']);
    now = 2500;
    expect(recent.has('a')).toBe(false);
  });
});
