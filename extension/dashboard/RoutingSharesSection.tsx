import { useQuery } from '@tanstack/react-query';
import { QueryStatus } from '../components/QueryStatus';
import { UserText } from '../components/UserText';
import { request } from '../lib/messaging';
import type { TRoutingSharesPool } from '../lib/types';
import { NumberRow } from '../ui/NumberRow';
import { csvFileName, downloadText, toCsv } from '../ui/csv';
import { dealtSentence, poolTitle, SHARE_COLUMNS, shareCells, SHARES_CSV_HEADER, sharesCsvRows } from './routing-shares-view';
import { SharesChart } from './SharesChart';

// Routing's fairness, pool by pool: how many leads the rotation dealt each rep and their share
// of the pool, against the share their weight asks for. The rotation keeps running counts, not
// dated ones, so the figures run from each pool's start, whatever the page's range.

export function RoutingSharesSection() {
  const shares = useQuery({ queryKey: ['routingShares'], queryFn: () => request('getRoutingShares') });
  const pools = shares.data?.pools ?? [];
  const exportCsv = () => shares.data && downloadText(csvFileName('routing-shares', {}), toCsv(SHARES_CSV_HEADER, sharesCsvRows(shares.data)), 'text/csv');
  return (
    <section aria-labelledby="routing-shares-heading" className="card routing-shares">
      <div className="section-head">
        <h2 id="routing-shares-heading">Routing: share against weight</h2>
        <span className="spacer" />
        {pools.length > 0 && (
          <button type="button" className="plain-button" onClick={exportCsv}>
            Download CSV
          </button>
        )}
      </div>
      <QueryStatus query={shares} />
      {shares.data && pools.length === 0 && (
        <p className="muted">No lead has been dealt by rotation yet. Once a rule’s pool or the fallback pool hands out leads, each rep’s share shows here against their weight.</p>
      )}
      {pools.length > 0 && (
        <>
          <p className="muted small note">
            Counted since each pool began, not over the range above: the rotation keeps a running count per rep. Weight’s share: the rep’s weight over the pool’s total weight. Difference: the share
            minus the weight’s share, in percentage points. Leads the CRM owner or the account’s owner took are not dealt by rotation.
          </p>
          {pools.map((pool) => (
            <PoolShares key={pool.rule === null ? 'fallback' : `rule:${pool.rule}`} pool={pool} />
          ))}
        </>
      )}
    </section>
  );
}

function PoolShares({ pool }: { pool: TRoutingSharesPool }) {
  const title = poolTitle(pool);
  return (
    <div className="shares-pool">
      <h3 className="small">
        {title} <span className="muted small">· {dealtSentence(pool)}</span>
      </h3>
      <div className="shares-pool-body">
        <div className="table-scroll">
          <table className="data shares-table" aria-label={`Shares: ${title}`}>
            <thead>
              <tr>
                {SHARE_COLUMNS.map((column, i) => (
                  <th key={column} scope="col" className={i === 0 ? undefined : 'num'}>
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {pool.reps.map((rep) => {
                const [name, ...cells] = shareCells(rep);
                return (
                  <NumberRow key={rep.userId} head={<UserText className="clip" text={name} hover />} cells={cells} />
                );
              })}
            </tbody>
          </table>
        </div>
        <SharesChart pool={pool} title={title} />
      </div>
    </div>
  );
}
