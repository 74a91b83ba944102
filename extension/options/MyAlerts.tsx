import { useQuery } from '@tanstack/react-query';
import { QueryStatus } from '../components/QueryStatus';
import { request } from '../lib/messaging';
import { AlertChoices } from '../people/AlertChoices';

// Signed in, each person chooses which alerts reach them by e-mail and on the desktop.

export function MyAlerts() {
  const session = useQuery({ queryKey: ['session'], queryFn: () => request('getSession') });
  const mine = useQuery({ queryKey: ['myAlerts'], queryFn: () => request('getMyAlerts'), enabled: Boolean(session.data) });
  if (!session.data) return null;
  return (
    <section className="card" aria-labelledby="my-alerts">
      <h2 id="my-alerts">Your alerts</h2>
      {mine.data ? <AlertChoices person={mine.data} refresh={['myAlerts']} whose="your" /> : <QueryStatus query={mine} />}
    </section>
  );
}
