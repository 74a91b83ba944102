import { UserText } from '../components/UserText';
import { formatDate, formatDateTime } from '../ui/format';
import { reviewBannerText, reviewStatus } from './review';
import { activeVersion, signoffOf, STATUS_WORDS, versionStatus, type TCharterVersion } from './versions';

// The charter in force, who proposed and signed it, when it is due for review, and every
// version before and since.

function Signed({ version, team }: { version: TCharterVersion; team: 'marketing' | 'sales' }) {
  const signoff = signoffOf(version, team);
  if (!signoff) return <span className="muted">—</span>;
  return (
    <>
      <UserText text={signoff.name} />
      <span className="rate">{formatDateTime(signoff.signedAt)}</span>
    </>
  );
}

export function ReviewBanner({ versions, now }: { versions: readonly TCharterVersion[]; now: Date }) {
  const active = activeVersion(versions);
  if (!active?.reviewDueAt) return null;
  const text = reviewBannerText(reviewStatus(active.reviewDueAt, now), formatDate(active.reviewDueAt));
  if (text === null) return null;
  return (
    <p role="status" className="warning-text review-banner">
      {text} Propose a new version below, or sign the one in force again by proposing it unchanged.
    </p>
  );
}

export function ActiveCharter({ versions, name }: { versions: readonly TCharterVersion[]; name: string }) {
  const active = activeVersion(versions);
  if (!active) return <p className="muted">No version is active yet: the default charter applies.</p>;
  return (
    <dl className="figures charter-figures" aria-label="The charter in force">
      <div>
        <dt>Version in force</dt>
        <dd>{active.version}</dd>
        <dd className="small">
          <UserText text={name} hover className="clip" />
        </dd>
      </div>
      <div>
        <dt>Proposed by</dt>
        <dd className="small">{active.proposedBy ? <UserText text={active.proposedBy} /> : 'The default charter'}</dd>
        <dd className="small">{formatDateTime(active.proposedAt)}</dd>
      </div>
      <div>
        <dt>Signed</dt>
        <dd className="small">
          Marketing lead: <Signed version={active} team="marketing" />
        </dd>
        <dd className="small">
          Sales lead: <Signed version={active} team="sales" />
        </dd>
      </div>
      <div>
        <dt>Active since · review due</dt>
        <dd className="small">{active.activatedAt ? formatDateTime(active.activatedAt) : '—'}</dd>
        <dd className="small review-date">Review due {active.reviewDueAt ? formatDate(active.reviewDueAt) : '—'}</dd>
      </div>
    </dl>
  );
}

export function VersionHistory({ versions }: { versions: readonly TCharterVersion[] }) {
  const active = activeVersion(versions);
  return (
    <div className="table-scroll">
      <table className="data history-table" aria-label="Charter versions">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Status</th>
            <th scope="col">Proposed</th>
            <th scope="col">Marketing lead</th>
            <th scope="col">Sales lead</th>
            <th scope="col">Active since</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <th scope="row">{v.version}</th>
              <td>{STATUS_WORDS[versionStatus(v, active)]}</td>
              <td>
                {v.proposedBy ? <UserText text={v.proposedBy} /> : <span className="muted">Default</span>}
                <span className="rate">{formatDateTime(v.proposedAt)}</span>
              </td>
              <td>
                <Signed version={v} team="marketing" />
              </td>
              <td>
                <Signed version={v} team="sales" />
              </td>
              <td>{v.activatedAt ? formatDateTime(v.activatedAt) : <span className="muted">—</span>}</td>
              <td className="note-cell">{v.note ? <UserText text={v.note} /> : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
