import { FormEvent, useState } from 'react';
import { describeError } from '../api';
import { register, Session, signIn } from '../session';

export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [mode, setMode] = useState<'sign-in' | 'register'>('sign-in');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      if (mode === 'register') await register(username, password);
      onSignedIn(await signIn(username, password));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="sign-in-title" className="panel narrow">
      <h2 id="sign-in-title" tabIndex={-1}>
        {mode === 'register' ? 'Create an account' : 'Sign in'}
      </h2>
      <form onSubmit={submit}>
        <label htmlFor="username">Username</label>
        <input id="username" name="username" autoComplete="username" required minLength={3} maxLength={64} value={username} onChange={(event) => setUsername(event.target.value)} />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete={mode === 'register' ? 'new-password' : 'current-password'}
          required
          minLength={8}
          maxLength={128}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {mode === 'register' ? 'Create account' : 'Sign in'}
        </button>
      </form>
      <button type="button" className="link" onClick={() => setMode(mode === 'register' ? 'sign-in' : 'register')}>
        {mode === 'register' ? 'I have an account: sign in' : 'New here? Create an account'}
      </button>
    </section>
  );
}
