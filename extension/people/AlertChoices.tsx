import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ALERT_KIND_LABELS, ALERT_KINDS, DESKTOP_ALERT_KINDS, type TAlertKind, type TDesktopAlertKind } from '../../shared/alert-kinds';
import { ErrorText } from '../components/ErrorText';
import { request } from '../lib/messaging';
import type { TMyAlerts } from '../lib/types';

// Which alerts reach a person by e-mail and as desktop notifications, saved on their own: the
// rest of the people dialog's changes and these are separate records, each written whole. Also
// each user's own, in the options page.

const isDesktopKind = (kind: TAlertKind): kind is TDesktopAlertKind => (DESKTOP_ALERT_KINDS as readonly TAlertKind[]).includes(kind);

export function AlertChoices({ person, refresh, whose }: { person: TMyAlerts; refresh: readonly string[]; whose: string }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState<TAlertKind[]>(person.emailAlerts);
  const [desktop, setDesktop] = useState<TDesktopAlertKind[]>(person.desktopAlerts);
  const save = useMutation({
    mutationFn: () => request('setPersonAlerts', { email: person.email, emailAlerts: email, desktopAlerts: desktop }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...refresh] }),
  });
  const toggled = <K extends TAlertKind>(list: K[], kind: K, all: readonly K[]) => (list.includes(kind) ? list.filter((k) => k !== kind) : all.filter((k) => k === kind || list.includes(k)));
  return (
    <fieldset className="alerts">
      <legend className="muted small">A breach is e-mailed at any hour; the other e-mails wait for {whose} working hours. Desktop notifications show while the browser runs.</legend>
      <div className="alert-grid" role="group" aria-label="Alerts">
        <span />
        <span className="muted small">E-mail</span>
        <span className="muted small">Desktop</span>
        {ALERT_KINDS.map((kind) => (
          <div key={kind} className="alert-row">
            <span>{ALERT_KIND_LABELS[kind]}</span>
            <input
              type="checkbox"
              aria-label={`${ALERT_KIND_LABELS[kind]} by e-mail`}
              checked={email.includes(kind)}
              onChange={() => {
                save.reset();
                setEmail(toggled(email, kind, ALERT_KINDS));
              }}
            />
            {isDesktopKind(kind) ? (
              <input
                type="checkbox"
                aria-label={`${ALERT_KIND_LABELS[kind]} on the desktop`}
                checked={desktop.includes(kind)}
                onChange={() => {
                  save.reset();
                  setDesktop(toggled(desktop, kind, DESKTOP_ALERT_KINDS));
                }}
              />
            ) : (
              <span className="muted small">—</span>
            )}
          </div>
        ))}
      </div>
      <button type="button" className="plain-button" onClick={() => save.mutate()} disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save alerts'}
      </button>
      {save.isSuccess && <span role="status">Alerts saved.</span>}
      {save.error && <ErrorText error={save.error} />}
    </fieldset>
  );
}
