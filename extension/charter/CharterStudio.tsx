import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { browser } from 'wxt/browser';
import { ErrorText } from '../components/ErrorText';
import { QueryStatus } from '../components/QueryStatus';
import { UserText } from '../components/UserText';
import { request } from '../lib/messaging';
import type { TSession } from '../lib/types';
import { ActiveCharter, ReviewBanner, VersionHistory } from './History';
import { SignOff } from './SignOff';
import { Workbench } from './Workbench';

// The charter studio (charter.html): RevOps and the team leads read the charter in force and
// its history, draft the next version in forms, backtest it, propose it and sign it. Like the
// dashboard, it asks the background for everything; the token never reaches the page.

const ROLE_WORDS = { rep: 'Rep', manager: 'Manager', admin: 'Admin' } as const;

function Shell({ session, children }: { session?: TSession | null; children: ReactNode }) {
  return (
    <div className="dashboard charter-studio">
      <header className="bar">
        <img src="/icon/32.png" alt="" width={20} height={20} />
        <span className="brand">Handshake</span>
        <span className="page-name">Charter studio</span>
        <span className="spacer" />
        {session && (
          <span className="who">
            <UserText className="name" text={session.user.name} hover />
            <span className="role">{ROLE_WORDS[session.user.role]}</span>
          </span>
        )}
        <button type="button" className="ghost" onClick={() => void browser.runtime.openOptionsPage()}>
          Options
        </button>
      </header>
      <main className="page">{children}</main>
    </div>
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

export function CharterStudio() {
  const session = useQuery({ queryKey: ['session'], queryFn: () => request('getSession') });
  if (session.isPending) {
    return (
      <Shell>
        <p role="status" className="muted">
          Loading…
        </p>
      </Shell>
    );
  }
  if (session.error) {
    return (
      <Shell>
        <ErrorText error={session.error} />
      </Shell>
    );
  }
  if (!session.data) {
    return (
      <Shell>
        <Empty title="Not connected" text="Connect Handshake to your team’s server in the options to open the charter studio." />
      </Shell>
    );
  }
  if (session.data.user.role === 'rep') {
    return (
      <Shell session={session.data}>
        <Empty title="For managers" text="The charter studio is where managers and RevOps propose and sign the MQL/SQL charter; your handovers are in the popup." />
      </Shell>
    );
  }
  return (
    <Shell session={session.data}>
      <Studio session={session.data} />
    </Shell>
  );
}

function Studio({ session }: { session: TSession }) {
  const charter = useQuery({ queryKey: ['charter'], queryFn: () => request('getCharter') });
  const versions = useQuery({ queryKey: ['charterVersions'], queryFn: () => request('getCharterVersions') });
  return (
    <>
      <div className="page-head">
        <h1>Charter studio</h1>
      </div>
      <QueryStatus query={versions} />
      {versions.data && <ReviewBanner versions={versions.data} now={new Date()} />}
      <section className="card" aria-labelledby="active-title">
        <h2 id="active-title">The charter in force</h2>
        <QueryStatus query={charter} />
        {versions.data && charter.data && <ActiveCharter versions={versions.data} name={charter.data.name} />}
        <h2>History</h2>
        {versions.data && <VersionHistory versions={versions.data} />}
      </section>
      {versions.data && <SignOff versions={versions.data} session={session} />}
      {/* A new charter in force (both signed) starts a new draft from it. */}
      {charter.data && <Workbench key={charter.data.version} active={charter.data} />}
    </>
  );
}
