import * as argon2 from 'argon2';
import { PasswordHasher } from './password-hasher.service';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();
  beforeAll(() => hasher.onModuleInit());

  it('hashes with argon2id at 19 MiB and 2 passes', async () => {
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    await expect(hasher.verify(hash, 'correct horse battery')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'wrong horse battery')).resolves.toBe(false);
  });

  it('still verifies hashes stored with the earlier 64 MiB setting', async () => {
    const earlier = await argon2.hash('stored before', { type: argon2.argon2id });
    expect(earlier).toContain('m=65536');
    await expect(hasher.verify(earlier, 'stored before')).resolves.toBe(true);
  });

  it('answers false for an unknown user after paying for a verification', async () => {
    await expect(hasher.verify(undefined, 'anything at all')).resolves.toBe(false);
  });
});
