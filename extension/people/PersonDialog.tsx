import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorText } from '../components/ErrorText';
import { Dialog } from '../dashboard/Dialog';
import { request } from '../lib/messaging';
import type { TPerson, TPersonChanges } from '../lib/types';
import { displayLine } from '../../shared/display-text';
import { AlertChoices } from './AlertChoices';
import { OutOfOfficeFields } from './OutOfOfficeFields';
import { WEEKDAYS } from './people-view';
import { Secret } from './Secret';

// An admin changes a person's calendar, holiday region, manager, backup, availability and what
// routing reads of them (time away, capacity, weight, territories): the server checks the
// calendar as a whole and names the field at fault.

export function PersonDialog({ person, people, onClose }: { person: TPerson; people: TPerson[]; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    timeZone: person.timeZone,
    workingDays: person.workingDays,
    dayStart: person.dayStart,
    dayEnd: person.dayEnd,
    holidayRegion: person.holidayRegion ?? '',
    managerEmail: person.managerEmail ?? '',
    backupEmail: person.backupEmail ?? '',
    available: person.available,
    outOfOffice: person.outOfOffice,
    capacity: person.capacity === null ? '' : String(person.capacity),
    weight: String(person.weight),
    territories: person.territories.join(', '),
  });
  const save = useMutation({
    mutationFn: () => {
      const changes: TPersonChanges = {
        email: person.email,
        timeZone: form.timeZone.trim(),
        workingDays: form.workingDays,
        dayStart: form.dayStart,
        dayEnd: form.dayEnd,
        holidayRegion: form.holidayRegion.trim() || null,
        managerEmail: form.managerEmail || null,
        backupEmail: form.backupEmail || null,
        available: form.available,
        outOfOffice: form.outOfOffice,
        capacity: form.capacity.trim() === '' ? null : Number(form.capacity),
        weight: Number(form.weight),
        territories: form.territories
          .split(',')
          .map((country) => country.trim())
          .filter((country) => country),
      };
      return request('updatePerson', changes);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['people'] }),
  });
  const others = people.filter((p) => p.email !== person.email);
  const managers = others.filter((p) => p.role !== 'rep');
  const toggleDay = (day: number) => setForm({ ...form, workingDays: form.workingDays.includes(day) ? form.workingDays.filter((d) => d !== day) : [...form.workingDays, day].sort() });
  return (
    <Dialog title={`Edit ${displayLine(person.name)}`} onClose={onClose}>
      {save.isSuccess ? (
        <p role="status">Saved. Open handovers keep their deadlines; the new calendar counts for what comes next.</p>
      ) : (
        <form
          className="stacked"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <label>
            Time zone
            <input type="text" value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })} placeholder="Europe/Paris" />
          </label>
          <fieldset className="days">
            <legend className="muted small">Working days</legend>
            {WEEKDAYS.map(({ day, short }) => (
              <label key={day}>
                <input type="checkbox" checked={form.workingDays.includes(day)} onChange={() => toggleDay(day)} /> {short}
              </label>
            ))}
          </fieldset>
          <div className="row-inline">
            <label>
              Day starts
              <input type="time" value={form.dayStart} onChange={(e) => setForm({ ...form, dayStart: e.target.value })} />
            </label>
            <label>
              Day ends
              <input type="time" value={form.dayEnd} onChange={(e) => setForm({ ...form, dayEnd: e.target.value })} />
            </label>
          </div>
          <label>
            Public holidays of (country or region, e.g. DE-BY; empty for none)
            <input type="text" value={form.holidayRegion} onChange={(e) => setForm({ ...form, holidayRegion: e.target.value })} />
          </label>
          <div className="row-inline">
            <label>
              Manager
              <select value={form.managerEmail} onChange={(e) => setForm({ ...form, managerEmail: e.target.value })}>
                <option value="">None</option>
                {managers.map((p) => (
                  <option key={p.email} value={p.email}>
                    {displayLine(p.name)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Backup at a breach
              <select value={form.backupEmail} onChange={(e) => setForm({ ...form, backupEmail: e.target.value })}>
                <option value="">None</option>
                {others.map((p) => (
                  <option key={p.email} value={p.email}>
                    {displayLine(p.name)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="check">
            <input type="checkbox" checked={form.available} onChange={(e) => setForm({ ...form, available: e.target.checked })} /> Takes new handovers
          </label>
          <OutOfOfficeFields periods={form.outOfOffice} onChange={(outOfOffice) => setForm({ ...form, outOfOffice })} />
          <div className="row-inline">
            <label>
              Capacity (most open handovers from routing; empty for no limit)
              <input type="number" min={1} max={10000} step={1} value={form.capacity} onChange={(e) => setForm({ ...form, capacity: e.target.value })} placeholder="No limit" />
            </label>
            <label>
              Weight (share of a pool’s rotation, 1–100)
              <input type="number" required min={1} max={100} step={1} value={form.weight} onChange={(e) => setForm({ ...form, weight: e.target.value })} />
            </label>
          </div>
          <label>
            Territories (country codes, comma-separated, e.g. US, CA)
            <input type="text" value={form.territories} onChange={(e) => setForm({ ...form, territories: e.target.value })} placeholder="None" />
          </label>
          {save.error && <ErrorText error={save.error} />}
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
        </form>
      )}
      <AlertChoices person={person} refresh={['people']} whose={`${displayLine(person.name)}’s`} />
      <TokenActions person={person} />
    </Dialog>
  );
}

/** Signing a person in (a new token, shown once) and out of every browser (their tokens revoked). */
function TokenActions({ person }: { person: TPerson }) {
  const issue = useMutation({ mutationFn: () => request('issueToken', { email: person.email }) });
  const revoke = useMutation({ mutationFn: () => request('revokeTokens', { email: person.email }) });
  const name = displayLine(person.name);
  return (
    <fieldset className="sign-in">
      <legend className="muted small">Sign-in</legend>
      <button type="button" className="plain-button" onClick={() => issue.mutate()} aria-label={`New token for ${name}`}>
        New token
      </button>
      <button type="button" className="plain-button" onClick={() => revoke.mutate()} aria-label={`Sign ${name} out everywhere`}>
        Sign out everywhere
      </button>
      {issue.data && <Secret label={`New token of ${name}`} value={issue.data.token} />}
      {revoke.data && <span role="status">{revoke.data.revoked} token(s) revoked.</span>}
      {(issue.error ?? revoke.error) && <ErrorText error={(issue.error ?? revoke.error)!} />}
    </fieldset>
  );
}

