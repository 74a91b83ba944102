import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { browser } from 'wxt/browser';
import { ErrorText } from '../components/ErrorText';
import { UserText } from '../components/UserText';
import { request } from '../lib/messaging';
import type { TSession } from '../lib/types';

// A full page of the manager's workspace — the dashboard, the charter studio, people and keys:
// the header with the way to the other pages, and the page itself once a manager or an admin
// is signed in; else why there is nothing to show. Like the popup, each asks the background
// for everything: the token never reaches a page.

const ROLE_WORDS = { rep: 'Rep', manager: 'Manager', admin: 'Admin' } as const;

export const WORKSPACE_PAGES = [
  { id: 'dashboard', name: 'Dashboard', path: '/dashboard.html' },
  { id: 'charter', name: 'Charter studio', path: '/charter.html' },
  { id: 'people', name: 'People and keys', path: '/people.html' },
] as const;
export type TWorkspacePage = (typeof WORKSPACE_PAGES)[number]['id'];

function Header({ current, session }: { current: TWorkspacePage; session?: TSession | null }) {
  const here = WORKSPACE_PAGES.find((page) => page.id === current)!;
  return (
    <header className="bar">
      <img src="/icon/32.png" alt="" width={20} height={20} />
      <span className="brand">Handshake</span>
      <span className="page-name">{here.name}</span>
      <span className="spacer" />
      {session && (
        <span className="who">
          <UserText className="name" text={session.user.name} hover />
          <span className="role">{ROLE_WORDS[session.user.role]}</span>
        </span>
      )}
      {session &&
        session.user.role !== 'rep' &&
        WORKSPACE_PAGES.filter((page) => page.id !== current).map((page) => (
          <button key={page.id} type="button" className="ghost" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL(page.path) })}>
            {page.name}
          </button>
        ))}
      <button type="button" className="ghost" onClick={() => void browser.runtime.openOptionsPage()}>
        Options
      </button>
    </header>
  );
}

function Empty({ title, text }: { title: string; text: string }) {
  return (
    <div className="empty">
      <h1>{title}</h1>
      <p className="muted">{text}</p>
    </div>
  );
}

/** `forManagers`: what a rep who opens the page is told it is for. */
export function WorkspacePage({ current, forManagers, className, children }: { current: TWorkspacePage; forManagers: { title: string; text: string }; className?: string; children: (session: TSession) => ReactNode }) {
  const session = useQuery({ queryKey: ['session'], queryFn: () => request('getSession') });
  const signedIn = session.data ?? null;
  let body: ReactNode;
  if (session.isPending) {
    body = (
      <p role="status" className="muted">
        Loading…
      </p>
    );
  } else if (session.error) {
    body = <ErrorText error={session.error} />;
  } else if (!signedIn) {
    body = <Empty title="Not connected" text="Connect Handshake to your team’s server in the options first." />;
  } else if (signedIn.user.role === 'rep') {
    body = <Empty {...forManagers} />;
  } else {
    body = children(signedIn);
  }
  return (
    <div className={className ? `dashboard ${className}` : 'dashboard'}>
      <Header current={current} session={signedIn} />
      <main className="page">{body}</main>
    </div>
  );
}
