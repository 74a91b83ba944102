import { useQuery } from '@tanstack/react-query';
import { QueryStatus } from '../components/QueryStatus';
import { UserText } from '../components/UserText';
import { request } from '../lib/messaging';
import { connectionCells } from './people-view';
import { TableHead } from '../components/TableHead';

// The team's CRMs as `npm run cli -- connect status` shows them: when each last pulled and
// pushed, what waits in its outbox, its last error and any pause. Connecting and disconnecting
// stay on the command line, where credentials are typed and sealed.

const COLUMNS = ['CRM', 'Account', 'Connected', 'Last pull', 'Last push', 'Outbox', 'State'] as const;

export function ConnectionsSection() {
  const connections = useQuery({ queryKey: ['crmConnections'], queryFn: () => request('getCrmConnections') });
  return (
    <section aria-labelledby="crm-heading" className="card">
      <h2 id="crm-heading">CRM connections</h2>
      <QueryStatus query={connections} />
      {connections.data?.length === 0 && <p className="muted">No CRM connected: `npm run cli -- connect hubspot|salesforce|pipedrive …` connects one.</p>}
      {connections.data && connections.data.length > 0 && (
        <table className="data" aria-labelledby="crm-heading">
          <TableHead columns={COLUMNS} />
          <tbody>
            {connections.data.map((c) => {
              const [crm, ...cells] = connectionCells(c);
              return (
                <tr key={c.crm}>
                  <th scope="row">{crm}</th>
                  {cells.map((cell, i) => (
                    <td key={COLUMNS[i + 1]}>
                      <UserText text={cell} />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
