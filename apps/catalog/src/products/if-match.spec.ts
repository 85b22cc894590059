import { versionCheckFor, InvalidIfMatchError } from './if-match';

describe('If-Match', () => {
  it('lets any version through without the header or with *', () => {
    expect(versionCheckFor(undefined)(7)).toBe(true);
    expect(versionCheckFor('*')(7)).toBe(true);
  });

  it('matches one of a list of strong tags and never a weak one', () => {
    expect(versionCheckFor('"3"')(3)).toBe(true);
    expect(versionCheckFor('"3"')(4)).toBe(false);
    expect(versionCheckFor('"1", "4"')(4)).toBe(true);
    expect(versionCheckFor('W/"4"')(4)).toBe(false);
  });

  it.each(['3', '"3', 'version 3', '"3",', ''])('refuses the malformed %p', (header) => {
    expect(() => versionCheckFor(header)).toThrow(InvalidIfMatchError);
  });
});
