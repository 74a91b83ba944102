import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { browser } from 'wxt/browser';
import { QueryStatus } from '../components/QueryStatus';
import { request } from '../lib/messaging';
import { defaultDates, rangeFromDates } from '../ui/format';
import { AtRisk } from './AtRisk';
import { TeamFigures } from './TeamFigures';

// The manager's glance: the team's four figures over the last 30 days and who to chase now.
// Everything else — by rep, over time, the funnel, the drill-downs — is on the dashboard.

export const DASHBOARD_PAGE = '/dashboard.html';

export function TeamView() {
  const dates = defaultDates(new Date());
  const range = rangeFromDates(dates.from, dates.to);
  const reps = useQuery({ queryKey: ['repStats', range], queryFn: () => request('getRepStats', range), placeholderData: keepPreviousData });
  // tabs.create needs no permission for the extension's own page.
  const openDashboard = () => void browser.tabs.create({ url: browser.runtime.getURL(DASHBOARD_PAGE) });

  return (
    <div className="pad team">
      <div className="section-head">
        <h1>Team, last 30 days</h1>
        <button type="button" className="primary" onClick={openDashboard}>
          Open dashboard
        </button>
      </div>
      <QueryStatus query={reps} />
      {reps.data && <TeamFigures stats={reps.data} />}
      <AtRisk />
    </div>
  );
}
