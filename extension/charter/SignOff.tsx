import { useMutation, useQueryClient } from '@tanstack/react-query';
import { UserText } from '../components/UserText';
import { request } from '../lib/messaging';
import type { TSession } from '../lib/types';
import { formatDateTime } from '../ui/format';
import { ActionError } from './ActionError';
import { awaitingVersion, signoffOf, type TCharterVersion } from './versions';

// Signing the proposal awaiting sign-off: a marketing lead and a sales lead (a manager or an
// admin of either team) each sign once; with both, it becomes the charter in force.

const SIDES = ['marketing', 'sales'] as const;

function signedWords(active: boolean, version: number, team: 'marketing' | 'sales'): string {
  const other = team === 'sales' ? 'marketing' : 'sales';
  return active
    ? `Signed for ${team}. Version ${version} is now the charter in force: every lead is re-scored under it.`
    : `Signed for ${team}. Version ${version} becomes the charter in force once the ${other} lead signs too.`;
}

export function SignOff({ versions, session }: { versions: readonly TCharterVersion[]; session: TSession }) {
  const queryClient = useQueryClient();
  const waiting = awaitingVersion(versions);
  const team = session.user.team;
  const sign = useMutation({
    mutationFn: (version: number) => request('signOffCharter', { version }),
    onSuccess: async () => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['charterVersions'] }), queryClient.invalidateQueries({ queryKey: ['charter'] })]);
    },
  });
  const mySide = team === 'sales' || team === 'marketing' ? team : null;
  const signedByMe = waiting && mySide ? signoffOf(waiting, mySide) : null;
  return (
    <section className="card" aria-labelledby="signoff-title">
      <h2 id="signoff-title">Sign off</h2>
      {sign.data && sign.variables !== undefined && mySide && (
        <p role="status" className="success">
          {signedWords(sign.data.active, sign.variables, mySide)}
        </p>
      )}
      {sign.error && <ActionError error={sign.error} />}
      {!waiting ? (
        <p className="muted">No version awaits sign-off.</p>
      ) : (
        <>
          <p>Version {waiting.version} awaits sign-off.</p>
          <ul className="plain signers">
            {SIDES.map((side) => {
              const signoff = signoffOf(waiting, side);
              return (
                <li key={side}>
                  {side === 'sales' ? 'Sales lead' : 'Marketing lead'}:{' '}
                  {signoff ? (
                    <>
                      <UserText text={signoff.name} /> signed {formatDateTime(signoff.signedAt)}
                    </>
                  ) : (
                    <span className="muted">not yet</span>
                  )}
                </li>
              );
            })}
          </ul>
          {!mySide ? (
            <p className="muted small">A charter is signed by the marketing lead and the sales lead; you are on neither team.</p>
          ) : signedByMe ? (
            <p className="muted small">Your side ({mySide}) has signed.</p>
          ) : (
            <button type="button" className="primary" disabled={sign.isPending} onClick={() => sign.mutate(waiting.version)}>
              {sign.isPending ? 'Signing…' : `Sign off version ${waiting.version} for ${mySide}`}
            </button>
          )}
        </>
      )}
    </section>
  );
}
