import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { request } from '../lib/messaging';
import { AtRisk } from '../popup/AtRisk';
import { TeamFigures } from '../popup/TeamFigures';
import { defaultDates, rangeFromDates } from '../ui/format';
import { WorkspacePage } from '../ui/WorkspacePage';
import { Funnel } from './Funnel';
import { HandoverActions } from './HandoverActions';
import { OutcomesSection } from './OutcomesSection';
import { RepsSection } from './RepsSection';
import { TrendsSection } from './TrendsSection';
import { WeeklyReport } from './WeeklyReport';

// The manager's dashboard (dashboard.html, opened from the popup): the range's figures, the
// weeks' trends, the reps, who to chase now, the funnel, the MQLs' outcomes and the weekly report.

export function Dashboard() {
  return (
    <WorkspacePage current="dashboard" forManagers={{ title: 'For managers', text: 'The dashboard shows a team’s figures; your own handovers are in the popup.' }}>
      {() => <TeamDashboard />}
    </WorkspacePage>
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
