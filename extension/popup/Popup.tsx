import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { browser } from 'wxt/browser';
import { ErrorText } from '../components/ErrorText';
import { UserText } from '../components/UserText';
import { request } from '../lib/messaging';
import { RepQueue } from './RepQueue';
import { TeamView } from './TeamView';

const ROLE_WORDS = { rep: 'Rep', manager: 'Manager', admin: 'Admin' } as const;

function Header({ children }: { children?: ReactNode }) {
  return (
    <header className="bar">
      <img src="/icon/32.png" alt="" width={20} height={20} />
      <span className="brand">Handshake</span>
      <span className="spacer" />
      {children}
    </header>
  );
}

function SyncButton() {
  const queryClient = useQueryClient();
  const sync = useMutation({
    mutationFn: () => request('syncNow'),
    onSettled: () => queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'session' }),
  });
  return (
    <button type="button" className="ghost" onClick={() => sync.mutate()} disabled={sync.isPending}>
      {sync.isPending ? 'Syncing…' : 'Sync now'}
    </button>
  );
}

export function Popup() {
  const queryClient = useQueryClient();
  const session = useQuery({ queryKey: ['session'], queryFn: () => request('getSession') });
  const openOptions = () => void browser.runtime.openOptionsPage();
  const signedIn = Boolean(session.data);

  // Opening the popup syncs at once (outbox, badge, notifications) rather than at the next minute.
  useEffect(() => {
    if (signedIn) void request('syncNow').then(() => queryClient.invalidateQueries({ queryKey: ['pending'] }), () => undefined);
  }, [signedIn, queryClient]);

  if (session.isPending) {
    return (
      <main className="narrow">
        <Header />
        <p role="status" className="pad muted">
          Loading…
        </p>
      </main>
    );
  }
  if (session.error) {
    return (
      <main className="narrow">
        <Header />
        <div className="pad">
          <ErrorText error={session.error} />
        </div>
      </main>
    );
  }
  if (!session.data) {
    return (
      <main className="narrow">
        <Header />
        <div className="pad empty">
          <h1>Not connected</h1>
          <p className="muted">Connect Handshake to your team’s server to see your handovers.</p>
          <button type="button" className="primary" onClick={openOptions}>
            Open the options to connect
          </button>
        </div>
      </main>
    );
  }

  const { user } = session.data;
  const manager = user.role !== 'rep';
  return (
    <main className={manager ? 'wide' : 'narrow'}>
      <Header>
        <span className="who">
          <UserText className="name" text={user.name} hover />
          {manager && <span className="role">{ROLE_WORDS[user.role]}</span>}
        </span>
        <SyncButton />
        <button type="button" className="ghost" onClick={openOptions}>
          Options
        </button>
      </Header>
      {manager ? <TeamView /> : <RepQueue user={user} />}
    </main>
  );
}
