import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorText } from '../components/ErrorText';
import { Dialog } from '../dashboard/Dialog';
import { request } from '../lib/messaging';
import type { TPerson } from '../lib/types';
import { displayLine } from '../../shared/display-text';
import { Secret } from './Secret';

/** An admin adds a person; their first token is shown once, for them to paste in the extension's options. */
export function AddPersonDialog({ people, onClose }: { people: TPerson[]; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ email: '', name: '', role: 'rep' as 'rep' | 'manager' | 'admin', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, managerEmail: '' });
  const add = useMutation({
    mutationFn: () =>
      request('addPerson', { email: form.email.trim(), name: form.name.trim(), role: form.role, timeZone: form.timeZone.trim(), ...(form.managerEmail ? { managerEmail: form.managerEmail } : {}) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['people'] }),
  });
  return (
    <Dialog title="Add a person" onClose={onClose}>
      {add.data ? (
        <>
          <p>Added {displayLine(add.data.person.name)}. They sign in from the extension’s options with the server’s address and this token.</p>
          <Secret label={`Token of ${displayLine(add.data.person.name)}`} value={add.data.token} />
        </>
      ) : (
        <form
          className="stacked"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <label>
            E-mail
            <input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
          </label>
          <label>
            Name
            <input type="text" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </label>
          <div className="row-inline">
            <label>
              Role
              <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as typeof form.role })}>
                <option value="rep">Rep</option>
                <option value="manager">Manager</option>
                <option value="admin">Admin</option>
              </select>
            </label>
            <label>
              Time zone
              <input type="text" value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })} />
            </label>
          </div>
          <label>
            Manager
            <select value={form.managerEmail} onChange={(e) => setForm({ ...form, managerEmail: e.target.value })}>
              <option value="">None</option>
              {people
                .filter((p) => p.role !== 'rep')
                .map((p) => (
                  <option key={p.email} value={p.email}>
                    {displayLine(p.name)}
                  </option>
                ))}
            </select>
          </label>
          {add.error && <ErrorText error={add.error} />}
          <button type="submit" className="primary" disabled={add.isPending}>
            {add.isPending ? 'Adding…' : 'Add'}
          </button>
        </form>
      )}
    </Dialog>
  );
}
