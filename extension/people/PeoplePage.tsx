import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { QueryStatus } from '../components/QueryStatus';
import { UserText } from '../components/UserText';
import { request } from '../lib/messaging';
import type { TPerson, TSession } from '../lib/types';
import { WorkspacePage } from '../ui/WorkspacePage';
import { displayLine } from '../../shared/display-text';
import { AddPersonDialog } from './AddPersonDialog';
import { ConnectionsSection } from './ConnectionsSection';
import { KeysSection } from './KeysSection';
import { PEOPLE_COLUMNS, personCells } from './people-view';
import { PersonDialog } from './PersonDialog';
import { TableHead } from '../components/TableHead';

// People and keys (people.html): who works the handovers, on which calendar, under whom, with
// whom as backup, and what routing reads of them (time away, capacity, weight, territories);
// an admin changes them, signs them in and out, and manages the ingest keys.
// A manager reads their team. What the command line's user, token and key commands do.

export function PeoplePage() {
  return (
    <WorkspacePage current="people" forManagers={{ title: 'For managers and admins', text: 'People and keys are kept by your team’s admins.' }}>
      {(session) => <People session={session} />}
    </WorkspacePage>
  );
}

function People({ session }: { session: TSession }) {
  const role = session.user.role;
  const people = useQuery({ queryKey: ['people'], queryFn: () => request('getPeople') });
  const [editing, setEditing] = useState<TPerson | null>(null);
  const [adding, setAdding] = useState(false);
  const admin = role === 'admin';
  const list = people.data ?? [];
  const now = new Date();
  return (
    <>
      <div className="page-head">
        <h1>{admin ? 'People' : 'Your team'}</h1>
        {admin && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            Add a person
          </button>
        )}
      </div>
      <section aria-labelledby="people-heading" className="card">
        <h2 id="people-heading">Who works the handovers</h2>
        <QueryStatus query={people} />
        {list.length > 0 && (
          <div className="table-scroll people-scroll">
            <table className="data people-table" aria-labelledby="people-heading">
              <TableHead columns={PEOPLE_COLUMNS} actions={admin} />
              <tbody>
                {list.map((person) => {
                  const [[name, email], ...cells] = personCells(person, now);
                  return (
                    <tr key={person.email}>
                      <th scope="row">
                        <UserText className="clip cell-line" text={name} hover />
                        <UserText className="cell-line detail" text={email} />
                      </th>
                      {cells.map((lines, i) => (
                        <td key={PEOPLE_COLUMNS[i + 1]}>
                          {lines.map((line, j) => (
                            <UserText key={j} className={j === 0 ? 'cell-line' : 'cell-line detail'} text={line} />
                          ))}
                        </td>
                      ))}
                      {admin && (
                        <td className="actions">
                          <button type="button" className="plain-button" onClick={() => setEditing(person)} aria-label={`Edit ${displayLine(person.name)}`}>
                            Edit
                          </button>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {!admin && <p className="muted small note">Only an admin changes people; ask yours, or use `npm run cli -- user set`.</p>}
      </section>
      {admin && <KeysSection />}
      {admin && <ConnectionsSection />}
      {editing && <PersonDialog person={editing} people={list} onClose={() => setEditing(null)} />}
      {adding && <AddPersonDialog people={list} onClose={() => setAdding(false)} />}
    </>
  );
}
