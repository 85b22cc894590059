import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

const certs = resolve(__dirname, '..', 'certs');

describe('certs/generate.sh (development keys)', () => {
  it('leaves every private key readable by its owner alone, certificates and public keys readable by all', () => {
    execFileSync('bash', [resolve(certs, 'generate.sh')], { stdio: 'ignore' });
    const mode = (file: string) => statSync(resolve(certs, file)).mode & 0o777;
    const files = readdirSync(certs);
    const secret = files.filter((file) => file.endsWith('.key') || file === 'jwt-private.pem' || file === 'broker-keystore.pem');
    expect(secret).toEqual(expect.arrayContaining(['ca.key', 'jwt-private.pem', 'broker-keystore.pem']));
    for (const file of secret) expect([file, mode(file)]).toEqual([file, 0o600]);
    for (const file of ['ca.crt', 'jwt-public.pem']) expect([file, mode(file)]).toEqual([file, 0o644]);
  });
});
