import { useContext, useId, useState } from 'react';
import type { TRoutingPool } from '../../shared/routing';
import { errorFor } from './draft';
import { EditContext, messageAt } from './fields';
import { parseCommaList, poolOfKind, POOL_KINDS, rememberPool, textSaysList, type TPoolMemory } from './routing-draft';

// The routing section's inputs. Unlike the other fields of the form, one of them may change
// more than its own field (an emptied condition leaves the rule's `when`; another kind of pool
// replaces the pool), so each says where the server's refusal about it is (`errorPath`) and
// hands its new value to its owner, which sets the draft.

/** The server's refusal when it is about `errorPath` or inside it. */
export function useRoutingError(errorPath: string) {
  const edit = useContext(EditContext);
  const id = useId();
  const error = errorFor(edit.errors, errorPath);
  return { id, invalid: error !== undefined, message: error?.message ?? null, errorId: `${id}-error` };
}

export function ErrorMessage({ id, message }: { id: string; message: string | null }) {
  if (message === null) return null;
  return (
    <span id={id} role="alert" className="field-error">
      {message}
    </span>
  );
}

interface TListProps {
  label: string;
  errorPath: string;
  value: readonly string[] | undefined;
  onChange: (list: string[]) => void;
  hint?: string;
  normalise?: (item: string) => string;
  placeholder?: string;
}

/** A list typed as comma-separated text; the text is kept as typed while it says the same list. */
export function CommaListField({ label, errorPath, value = [], onChange, hint = 'Comma-separated.', normalise, placeholder }: TListProps) {
  const field = useRoutingError(errorPath);
  const [text, setText] = useState(() => value.join(', '));
  // The draft changed otherwise (a rule moved, the draft started again): show what it holds.
  const shown = textSaysList(text, value, normalise) ? text : value.join(', ');
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="text"
        value={shown}
        placeholder={placeholder}
        aria-invalid={field.invalid || undefined}
        aria-describedby={field.message ? field.errorId : undefined}
        onChange={(e) => {
          setText(e.target.value);
          onChange(parseCommaList(e.target.value, normalise));
        }}
      />
      {hint && <small className="muted">{hint}</small>}
      <ErrorMessage id={field.errorId} message={field.message} />
    </label>
  );
}

/** A whole number that may be left empty (undefined). */
export function OptionalNumberField({ label, errorPath, value, onChange, min }: { label: string; errorPath: string; value: number | undefined; onChange: (value: number | undefined) => void; min: number }) {
  const field = useRoutingError(errorPath);
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="number"
        inputMode="numeric"
        step="1"
        min={min}
        value={value === undefined || Number.isNaN(value) ? '' : String(value)}
        aria-invalid={field.invalid || undefined}
        aria-describedby={field.message ? field.errorId : undefined}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
      <ErrorMessage id={field.errorId} message={field.message} />
    </label>
  );
}

/** Some of a fixed list, as checkboxes; none checked says "any". */
export function ChecksField<V extends string>({ legend, errorPath, options, value, words, onChange }: { legend: string; errorPath: string; options: readonly V[]; value: readonly V[] | undefined; words: (option: V) => string; onChange: (list: V[]) => void }) {
  const field = useRoutingError(errorPath);
  const checked = value ?? [];
  return (
    <fieldset className="field choices" aria-invalid={field.invalid || undefined}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option} className="check">
          <input type="checkbox" checked={checked.includes(option)} onChange={(e) => onChange(options.filter((o) => (o === option ? e.target.checked : checked.includes(o))))} />
          <span>{words(option)}</span>
        </label>
      ))}
      <small className="muted choices-hint">None checked: any.</small>
      <ErrorMessage id={field.errorId} message={field.message} />
    </fieldset>
  );
}

const POOL_WORDS: Record<TRoutingPool['kind'], string> = {
  reps: 'These reps',
  team: 'A manager’s team',
  territory: 'Reps by territory (the lead’s country)',
  everyone: 'Every rep',
};

export const lowerCase = (item: string) => item.toLowerCase();

/** Who a rule (or the fallback) hands its leads to: the kind of pool, then the reps' e-mails or the manager's. */
export function PoolFields({ path, pool, label = 'Goes to', onChange }: { path: string; pool: TRoutingPool; label?: string; onChange: (pool: TRoutingPool) => void }) {
  const edit = useContext(EditContext);
  const kind = useRoutingError(`${path}.kind`);
  const manager = useRoutingError(`${path}.managerEmail`);
  const [memory, setMemory] = useState<TPoolMemory>(() => rememberPool({ emails: [], managerEmail: '' }, pool));
  const change = (next: TRoutingPool) => {
    setMemory((kept) => rememberPool(kept, next));
    onChange(next);
  };
  // A refusal about the pool as a whole (not its e-mails) shows at the kind.
  const poolMessage = messageAt(edit, path) ?? kind.message;
  return (
    <>
      <label className="field">
        <span>{label}</span>
        <select value={pool.kind} aria-invalid={poolMessage !== null || undefined} onChange={(e) => change(poolOfKind(e.target.value as TRoutingPool['kind'], pool, memory))}>
          {POOL_KINDS.map((option) => (
            <option key={option} value={option}>
              {POOL_WORDS[option]}
            </option>
          ))}
        </select>
        <ErrorMessage id={kind.errorId} message={poolMessage} />
      </label>
      {pool.kind === 'reps' && (
        <CommaListField label="Reps’ e-mails" errorPath={`${path}.emails`} value={pool.emails} normalise={lowerCase} placeholder="ana@example.com, ben@example.com" onChange={(emails) => change({ kind: 'reps', emails })} />
      )}
      {pool.kind === 'team' && (
        <label className="field">
          <span>Manager’s e-mail</span>
          <input
            type="email"
            value={pool.managerEmail}
            placeholder="manager@example.com"
            aria-invalid={manager.invalid || undefined}
            aria-describedby={manager.message ? manager.errorId : undefined}
            onChange={(e) => change({ kind: 'team', managerEmail: e.target.value.trim() })}
          />
          <small className="muted">Their reps, not the manager.</small>
          <ErrorMessage id={manager.errorId} message={manager.message} />
        </label>
      )}
    </>
  );
}
