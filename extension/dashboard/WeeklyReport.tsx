import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { QueryStatus } from '../components/QueryStatus';
import { request } from '../lib/messaging';
import { downloadText } from '../ui/csv';

// The weekly sync report (the same Markdown as `npm run cli -- report weekly`): read on the
// page as the text it is — names in it are whatever leads and reps wrote, never markup — and
// saved as a .md file for the meeting's notes.

export function WeeklyReport() {
  const [weekEnding, setWeekEnding] = useState('');
  const report = useQuery({
    queryKey: ['weeklyReport', weekEnding],
    queryFn: () => request('getWeeklyReport', weekEnding ? { weekEnding } : {}),
  });
  const download = () => report.data && downloadText(`handshake-weekly-report-${report.data.weekEnding}.md`, report.data.markdown, 'text/markdown');
  return (
    <section aria-labelledby="report-heading" className="card">
      <div className="section-head">
        <h2 id="report-heading">Weekly sync report</h2>
        <span className="spacer" />
        <label className="inline-select">
          Week ending <input type="date" value={weekEnding} onChange={(e) => setWeekEnding(e.target.value)} />
        </label>
        {report.data && (
          <button type="button" className="plain-button" onClick={download}>
            Download Markdown
          </button>
        )}
      </div>
      <QueryStatus query={report} />
      {report.data && (
        <pre className="report" tabIndex={0} aria-label={`Weekly sync report, week ending ${report.data.weekEnding}`}>
          {report.data.markdown}
        </pre>
      )}
    </section>
  );
}
