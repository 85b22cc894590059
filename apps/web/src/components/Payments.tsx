import { useEffect, useState } from 'react';
import { call, describeError, money } from '../api';
import type { Session } from '../session';

interface LedgerEntry {
  orderid: string;
  numberOfItems: number;
  amount: number;
  currency: string;
  kind: 'CHARGE' | 'REFUND';
  at: string;
}

/** The buyer's payments: every charge and refund, newest first (billing's ledger). */
export function Payments({ session }: { session: Session }) {
  const [entries, setEntries] = useState<LedgerEntry[]>([]);
  const [error, setError] = useState('');

  useEffect(() => {
    call<{ entries: LedgerEntry[] }>('/api/billing/ledger?limit=50', { token: session.token })
      .then(({ data }) => setEntries(data.entries))
      .catch((failure: unknown) => setError(describeError(failure)));
  }, [session.token]);

  return (
    <section aria-labelledby="payments-title">
      <h2 id="payments-title" tabIndex={-1}>
        My payments
      </h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {entries.length === 0 && !error && <p>No payments yet.</p>}
      <table aria-label="Payments">
        <tbody>
          {entries.map((entry) => (
            <tr key={`${entry.kind}-${entry.orderid}-${entry.at}`} data-testid="ledger-entry">
              <td>{new Date(entry.at).toLocaleString()}</td>
              <td>
                {entry.kind === 'CHARGE' ? 'Paid' : 'Refunded'} for order {entry.orderid.slice(-6)} ({entry.numberOfItems} items)
              </td>
              <td>{money(Math.abs(entry.amount), entry.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
