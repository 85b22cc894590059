import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { secretProblem } from '@app/config';

/* eslint-disable @typescript-eslint/no-require-imports */
const { fillSecrets, GENERATED_SECRETS } = require('../scripts/local-secrets.js') as {
  fillSecrets: (text: string, random?: () => string) => { text: string; filled: string[] };
  GENERATED_SECRETS: string[];
};
/* eslint-enable @typescript-eslint/no-require-imports */

const example = readFileSync(resolve(__dirname, '..', '.env.example'), 'utf8');

describe('local secrets (scripts/local-secrets.js, run by npm start)', () => {
  it('.env.example publishes no secret: each generated one is empty there', () => {
    for (const name of GENERATED_SECRETS) expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
  });

  it('fills every empty secret of a fresh .env with a value the apps accept in production, and keeps the rest', () => {
    const { text, filled } = fillSecrets(example);
    expect(filled).toEqual(GENERATED_SECRETS);
    for (const name of GENERATED_SECRETS) {
      const value = new RegExp(`^${name}=(.+)$`, 'm').exec(text)?.[1] ?? '';
      expect(secretProblem(name, value)).toBeUndefined();
    }
    expect(text.split('\n').length).toBe(example.split('\n').length);
    expect(text.replace(/^(ADMIN_PASSWORD|POSTGRES_PASSWORD|GRAFANA_ADMIN_PASSWORD|STRIPE_SECRET_KEY)=.*$/gm, '$1=')).toBe(example);
    // Billing's key for the stand-in has a Stripe test key's shape (billing refuses any other).
    expect(/^STRIPE_SECRET_KEY=(.+)$/m.exec(text)?.[1]).toMatch(/^sk_test_[0-9a-f]{48}$/);
  });

  it('never changes a value already set, and adds a missing one', () => {
    const { text, filled } = fillSecrets('ADMIN_PASSWORD=my own choice of password\nPOSTGRES_PASSWORD=\n', () => 'generated-value-of-32-characters');
    expect(filled).toEqual(['POSTGRES_PASSWORD', 'GRAFANA_ADMIN_PASSWORD', 'STRIPE_SECRET_KEY']);
    expect(text).toBe(
      'ADMIN_PASSWORD=my own choice of password\nPOSTGRES_PASSWORD=generated-value-of-32-characters\nGRAFANA_ADMIN_PASSWORD=generated-value-of-32-characters\nSTRIPE_SECRET_KEY=generated-value-of-32-characters\n',
    );
  });

  it('leaves .env readable by its owner alone, and different on every machine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    const [first, second] = [join(dir, 'a.env'), join(dir, 'b.env')];
    for (const file of [first, second]) {
      writeFileSync(file, example, { mode: 0o644 });
      execFileSync(process.execPath, [resolve(__dirname, '..', 'scripts', 'local-secrets.js'), file]);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    const admin = (file: string) => /^ADMIN_PASSWORD=(.+)$/m.exec(readFileSync(file, 'utf8'))?.[1];
    expect(admin(first)).not.toBe(admin(second));
  });
});
