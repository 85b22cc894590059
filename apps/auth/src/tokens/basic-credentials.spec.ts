import { parseBasicCredentials } from './basic-credentials';

const basic = (userPass: string) => `Basic ${Buffer.from(userPass, 'utf8').toString('base64')}`;

describe('parseBasicCredentials (RFC 7617)', () => {
  it('splits at the first colon only: a password may hold colons', () => {
    expect(parseBasicCredentials(basic('ada:abc:defgh1'))).toEqual({ username: 'ada', password: 'abc:defgh1' });
    expect(parseBasicCredentials(basic('ada:pass::word:'))).toEqual({ username: 'ada', password: 'pass::word:' });
  });

  it('reads the scheme case-insensitively and keeps UTF-8', () => {
    expect(parseBasicCredentials(`bAsIc ${Buffer.from('zoë:pässwörd').toString('base64')}`)).toEqual({ username: 'zoë', password: 'pässwörd' });
  });

  it.each([
    ['no header', undefined],
    ['another scheme', `Bearer ${Buffer.from('a:b').toString('base64')}`],
    ['no credentials', 'Basic'],
    ['not base64', 'Basic %%%%'],
    ['no colon', basic('adapassword')],
    ['an empty user name', basic(':password')],
    ['an empty password', basic('ada:')],
    ['a NUL in the user name', basic('ad\u0000a:password')],
    ['a line feed in the user name', basic('ada\n:password')],
    ['a DEL in the password', basic('ada:pass\u007fword')],
    ['bytes that are not UTF-8', `Basic ${Buffer.from([0x61, 0xff, 0x3a, 0x62]).toString('base64')}`],
    ['a token longer than any credentials', basic(`ada:${'x'.repeat(2000)}`)],
  ])('refuses %s', (_label, header) => {
    expect(parseBasicCredentials(header)).toBeUndefined();
  });
});
