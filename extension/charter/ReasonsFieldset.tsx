import { useContext } from 'react';
import type { TCharter } from '../lib/types';
import { errorFor } from './draft';
import { EditContext, Group } from './fields';

// The reasons a rep may give for a rejection: renamed, added, removed. An existing reason
// keeps its id (past rejections are recorded by it); a new one gets the id typed for it.

type TReason = TCharter['rejectionReasons'][number];

const CRITERIA = ['fit', 'engagement', 'intent', 'authority', 'data'] as const;

function newReason(existing: readonly TReason[]): TReason {
  let n = existing.length + 1;
  while (existing.some((r) => r.id === `new_reason_${n}`)) n += 1;
  return { id: `new_reason_${n}`, label: 'New reason', criterion: null, noteRequired: false, returnsToNurture: true };
}

export function ReasonsFieldset({ reasons, activeIds }: { reasons: readonly TReason[]; activeIds: ReadonlySet<string> }) {
  const edit = useContext(EditContext);
  const set = (i: number, key: keyof TReason, value: unknown) => edit.set(`rejectionReasons.${i}.${key}`, value);
  return (
    <Group legend="Rejection reasons" path="rejectionReasons" wide>
      <table className="data reasons-table">
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Id</th>
            <th scope="col">Criterion</th>
            <th scope="col">Note required</th>
            <th scope="col">Back to nurture</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {reasons.map((reason, i) => {
            const error = errorFor(edit.errors, `rejectionReasons.${i}`);
            const invalid = error !== undefined;
            const name = `reason ${i + 1}`;
            return (
              <tr key={i} aria-invalid={invalid || undefined}>
                <td>
                  <input type="text" aria-label={`Label of ${name}`} value={reason.label} onChange={(e) => set(i, 'label', e.target.value)} />
                  {invalid && (
                    <span role="alert" className="field-error">
                      {error.message}
                    </span>
                  )}
                </td>
                <td>
                  {activeIds.has(reason.id) ? (
                    <code>{reason.id}</code>
                  ) : (
                    <input type="text" aria-label={`Id of ${name}`} value={reason.id} onChange={(e) => set(i, 'id', e.target.value)} />
                  )}
                </td>
                <td>
                  <select aria-label={`Criterion of ${name}`} value={reason.criterion ?? ''} onChange={(e) => set(i, 'criterion', e.target.value === '' ? null : e.target.value)}>
                    <option value="">none</option>
                    {CRITERIA.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input type="checkbox" aria-label={`Note required for ${name}`} checked={reason.noteRequired} onChange={(e) => set(i, 'noteRequired', e.target.checked)} />
                </td>
                <td>
                  <input type="checkbox" aria-label={`${name} returns the lead to nurture`} checked={reason.returnsToNurture} onChange={(e) => set(i, 'returnsToNurture', e.target.checked)} />
                </td>
                <td>
                  <button type="button" className="plain-button" aria-label={`Remove ${name}`} onClick={() => edit.set('rejectionReasons', reasons.filter((_, j) => j !== i))}>
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" className="plain-button add" onClick={() => edit.set('rejectionReasons', [...reasons, newReason(reasons)])}>
        Add a reason
      </button>
    </Group>
  );
}
