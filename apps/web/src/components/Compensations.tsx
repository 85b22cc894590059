import { useEffect, useState } from 'react';
import { call, describeError, money } from '../api';
import type { Session } from '../session';

interface Compensation {
  id: string;
  orderid: string;
  kind: string;
  cause: string;
  amount: number;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
}

/** Refunds and voids the payment provider has not yet done (billing's compensation log), for administrators. */
export function Compensations({ session }: { session: Session }) {
  const [pending, setPending] = useState<Compensation[]>([]);
  const [error, setError] = useState('');

  useEffect(() => {
    call<{ compensations: Compensation[] }>('/api/billing/compensations?status=PENDING&limit=50', { token: session.token })
      .then(({ data }) => setPending(data.compensations))
      .catch((failure: unknown) => setError(describeError(failure)));
  }, [session.token]);

  return (
    <div className="panel" aria-label="Pending compensations">
      <h3>Pending refunds</h3>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {pending.length === 0 && !error && <p data-testid="no-compensations">None: every refund went through.</p>}
      <ul>
        {pending.map((entry) => (
          <li key={entry.id}>
            {entry.kind === 'REFUND' ? 'Refund' : 'Undo of a charge'} of {money(entry.amount)} for order {entry.orderid.slice(-6)} ({entry.cause.toLowerCase().replace(/_/g, ' ')}):{' '}
            {entry.attempts} attempts{entry.lastError ? `, last error: ${entry.lastError}` : ''}; next at {new Date(entry.nextAttemptAt).toLocaleTimeString()}
          </li>
        ))}
      </ul>
    </div>
  );
}
