import { useQuery } from '@tanstack/react-query';
import { QueryStatus } from '../components/QueryStatus';
import { request } from '../lib/messaging';
import type { TSession } from '../lib/types';
import { WorkspacePage } from '../ui/WorkspacePage';
import { Diagnostic } from './Diagnostic';
import { ActiveCharter, ReviewBanner, VersionHistory } from './History';
import { ReviewQueue } from './ReviewQueue';
import { SignOff } from './SignOff';
import { Workbench } from './Workbench';

// The charter studio (charter.html): RevOps and the team leads read the charter in force and
// its history, review the marginal leads, draft the next version in forms (or from
// the feedback loop's suggestions), backtest it, propose it and sign it. Like the
// dashboard, it asks the background for everything; the token never reaches the page.

export function CharterStudio() {
  return (
    <WorkspacePage
      current="charter"
      className="charter-studio"
      forManagers={{ title: 'For managers', text: 'The charter studio is where managers and RevOps propose and sign the MQL/SQL charter; your handovers are in the popup.' }}
    >
      {(session) => <Studio session={session} />}
    </WorkspacePage>
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
      <Diagnostic />
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
      <ReviewQueue />
      {/* A new charter in force (both signed) starts a new draft from it. */}
      {charter.data && <Workbench key={charter.data.version} active={charter.data} />}
    </>
  );
}
