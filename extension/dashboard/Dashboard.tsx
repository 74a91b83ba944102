import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { browser } from 'wxt/browser';
import { ErrorText } from '../components/ErrorText';
import { UserText } from '../components/UserText';
import { request } from '../lib/messaging';
import type { TSession } from '../lib/types';
import { AtRisk } from '../popup/AtRisk';
import { TeamFigures } from '../popup/TeamFigures';
import { defaultDates, rangeFromDates } from '../ui/format';
import { Funnel } from './Funnel';
import { HandoverActions } from './HandoverActions';
import { OutcomesSection } from './OutcomesSection';
import { RepsSection } from './RepsSection';
import { TrendsSection } from './TrendsSection';
import { WeeklyReport } from './WeeklyReport';

// The manager's workspace as a full page (dashboard.html, opened from the popup): the range's
// figures, the weeks' trends, the reps, who to chase now, the funnel and the weekly report. Like the popup, it asks the background for
// everything; the token never reaches the page.

const ROLE_WORDS = { rep: 'Rep', manager: 'Manager', admin: 'Admin' } as const;

function Shell({ session, children }: { session?: TSession | null; children: ReactNode }) {
  return (
    <div className="dashboard">
      <header className="bar">
        <img src="/icon/32.png" alt="" width={20} height={20} />
        <span className="brand">Handshake</span>
        <span className="page-name">Dashboard</span>
        <span className="spacer" />
        {session && (
          <span className="who">
            <UserText className="name" text={session.user.name} hover />
            <span className="role">{ROLE_WORDS[session.user.role]}</span>
          </span>
        )}
        <button type="button" className="ghost" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/charter.html') })}>
          Charter studio
        </button>
        <button type="button" className="ghost" onClick={() => void browser.runtime.openOptionsPage()}>
          Options
        </button>
      </header>
      <main className="page">{children}</main>
    </div>
  );
}

export function Dashboard() {
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
        <div className="empty">
          <h1>Not connected</h1>
          <p className="muted">Connect Handshake to your team’s server in the options to see the dashboard.</p>
        </div>
      </Shell>
    );
  }
  if (session.data.user.role === 'rep') {
    return (
      <Shell session={session.data}>
        <div className="empty">
          <h1>For managers</h1>
          <p className="muted">The dashboard shows a team’s figures; your own handovers are in the popup.</p>
        </div>
      </Shell>
    );
  }
  return (
    <Shell session={session.data}>
      <TeamDashboard />
    </Shell>
  );
}

function TeamDashboard() {
  const [dates, setDates] = useState(() => defaultDates(new Date()));
  const invalidRange = dates.from !== '' && dates.to !== '' && dates.from > dates.to;
  const range = rangeFromDates(dates.from, dates.to);
  const reps = useQuery({
    queryKey: ['repStats', range],
    queryFn: () => request('getRepStats', range),
    enabled: !invalidRange,
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <div className="page-head">
        <h1>Team dashboard</h1>
        <form className="range" aria-label="Date range" onSubmit={(e) => e.preventDefault()}>
          <label>
            From <input type="date" value={dates.from} max={dates.to || undefined} onChange={(e) => setDates({ ...dates, from: e.target.value })} />
          </label>
          <label>
            To <input type="date" value={dates.to} min={dates.from || undefined} onChange={(e) => setDates({ ...dates, to: e.target.value })} />
          </label>
        </form>
      </div>
      {invalidRange && (
        <p role="alert" className="error">
          “From” must be on or before “To”.
        </p>
      )}
      {reps.data && <TeamFigures stats={reps.data} />}
      <TrendsSection />
      <div className="columns">
        <RepsSection range={range} dates={dates} reps={reps} />
        <AtRisk actions={(item) => <HandoverActions item={item} />} />
      </div>
      <Funnel range={range} dates={dates} enabled={!invalidRange} />
      <OutcomesSection range={range} dates={dates} enabled={!invalidRange} />
      <WeeklyReport />
    </>
  );
}
