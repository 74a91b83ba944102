import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ALERT_KIND_LABELS, ALERT_KINDS, type TAlertKind } from '../../shared/alert-kinds';
import { ErrorText } from '../components/ErrorText';
import { request } from '../lib/messaging';
import type { TMyAlerts } from '../lib/types';

// Which alerts a person gets by e-mail, saved on its own: the rest of the people dialog's
// changes and these are separate records, each written whole. Also each user's own, in the
// options page.

export function AlertChoices({ person, refresh, whose }: { person: TMyAlerts; refresh: readonly string[]; whose: string }) {
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<TAlertKind[]>(person.emailAlerts);
  const save = useMutation({
    mutationFn: () => request('setPersonAlerts', { email: person.email, emailAlerts: chosen }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...refresh] }),
  });
  const toggle = (kind: TAlertKind) => {
    save.reset();
    setChosen(chosen.includes(kind) ? chosen.filter((k) => k !== kind) : ALERT_KINDS.filter((k) => k === kind || chosen.includes(k)));
  };
  return (
    <fieldset className="alerts">
      <legend className="muted small">Alerts by e-mail (a breach is sent at any hour; the rest wait for {whose} working hours)</legend>
      {ALERT_KINDS.map((kind) => (
        <label key={kind} className="check">
          <input type="checkbox" checked={chosen.includes(kind)} onChange={() => toggle(kind)} /> {ALERT_KIND_LABELS[kind]}
        </label>
      ))}
      <button type="button" className="plain-button" onClick={() => save.mutate()} disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save alerts'}
      </button>
      {save.isSuccess && <span role="status">Alerts saved.</span>}
      {save.error && <ErrorText error={save.error} />}
    </fieldset>
  );
}
