import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorText } from '../components/ErrorText';
import { QueryStatus } from '../components/QueryStatus';
import { UserText } from '../components/UserText';
import { request } from '../lib/messaging';
import { formatDateTime } from '../ui/format';
import { Secret } from './Secret';
import { TableHead } from '../components/TableHead';

const KEY_COLUMNS = ['Name', 'Created', 'Last used', 'State'] as const;

/** The ingest keys the marketing tools send leads and events with: listed by name (never the key), added (the key shown once), revoked. */
export function KeysSection() {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ['ingestKeys'], queryFn: () => request('getIngestKeys') });
  const [name, setName] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['ingestKeys'] });
  const add = useMutation({ mutationFn: () => request('addIngestKey', { name: name.trim() }), onSuccess: refresh });
  const revoke = useMutation({ mutationFn: (keyName: string) => request('revokeIngestKey', { name: keyName }), onSuccess: refresh });
  return (
    <section aria-labelledby="keys-heading" className="card">
      <div className="section-head">
        <h2 id="keys-heading">Ingest keys</h2>
      </div>
      <p className="muted small note">What a form, a marketing tool or a CDP sends leads and events with (REST at /api/v1, or as a Segment write key).</p>
      <QueryStatus query={keys} />
      {keys.data && keys.data.length > 0 && (
        <table className="data" aria-labelledby="keys-heading">
          <TableHead columns={KEY_COLUMNS} actions />
          <tbody>
            {keys.data.map((key) => (
              <tr key={key.name}>
                <th scope="row">
                  <UserText text={key.name} />
                </th>
                <td>{formatDateTime(key.createdAt)}</td>
                <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}</td>
                <td>{key.revokedAt ? `Revoked ${formatDateTime(key.revokedAt)}` : 'Live'}</td>
                <td>
                  {!key.revokedAt && (
                    <button type="button" className="plain-button" onClick={() => revoke.mutate(key.name)} aria-label={`Revoke ${key.name}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {keys.data && keys.data.length === 0 && <p className="muted">No ingest key yet.</p>}
      {revoke.error && <ErrorText error={revoke.error} />}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <label>
          New key named <input type="text" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder="Website forms" />
        </label>
        <button type="submit" className="plain-button" disabled={add.isPending || !name.trim()}>
          Add key
        </button>
      </form>
      {add.error && <ErrorText error={add.error} />}
      {add.data && <Secret label={`Ingest key ${add.data.name}`} value={add.data.key} />}
    </section>
  );
}
