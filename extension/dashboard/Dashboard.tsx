import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DateRangeInputs, InvalidRangeAlert, isInvalidRange } from '../ui/DateRange';
import { request } from '../lib/messaging';
import { AtRisk } from '../popup/AtRisk';
import { TeamFigures } from '../popup/TeamFigures';
import { defaultDates, rangeFromDates } from '../ui/format';
import { WorkspacePage } from '../ui/WorkspacePage';
import { Funnel } from './Funnel';
import { HandoverActions } from './HandoverActions';
import { OutcomesSection } from './OutcomesSection';
import { RepsSection } from './RepsSection';
import { RoutingSharesSection } from './RoutingSharesSection';
import { TrendsSection } from './TrendsSection';
import { WeeklyReport } from './WeeklyReport';

// The manager's dashboard (dashboard.html, opened from the popup): the range's figures, the
// weeks' trends, the reps, who to chase now, the funnel, the MQLs' outcomes, routing's shares
// against the reps' weights and the weekly report.

export function Dashboard() {
  return (
    <WorkspacePage current="dashboard" forManagers={{ title: 'For managers', text: 'The dashboard shows a team’s figures; your own handovers are in the popup.' }}>
      {() => <TeamDashboard />}
    </WorkspacePage>
  );
}

function TeamDashboard() {
  const [dates, setDates] = useState(() => defaultDates(new Date()));
  const invalidRange = isInvalidRange(dates);
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
          <DateRangeInputs dates={dates} onChange={setDates} />
        </form>
      </div>
      {invalidRange && <InvalidRangeAlert />}
      {reps.data && <TeamFigures stats={reps.data} />}
      <TrendsSection />
      <div className="columns">
        <RepsSection range={range} dates={dates} reps={reps} />
        <AtRisk actions={(item) => <HandoverActions item={item} />} />
      </div>
      <Funnel range={range} dates={dates} enabled={!invalidRange} />
      <OutcomesSection range={range} dates={dates} enabled={!invalidRange} />
      <RoutingSharesSection />
      <WeeklyReport />
    </>
  );
}
