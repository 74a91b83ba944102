import { createContext, useContext, useId, useState, type ReactNode } from 'react';
import { errorFor, type TFieldError } from './draft';
import { shortLabel } from './labels';

// The proposal form's inputs: each edits one field of the draft by its path, is labelled as
// the list of changes names it, and shows the server's refusal when it is about that field.

export interface TEdit {
  /** Sets the draft's field at `path`. */
  set(path: string, value: unknown): void;
  /** The server's refusal, every field it names (a charter is checked as a whole). */
  errors: readonly TFieldError[];
  /** Points the refusal elsewhere, or clears it: a list's items moved, and the refused ones with them. */
  setErrors(errors: readonly TFieldError[]): void;
}

export const EditContext = createContext<TEdit>({ set: () => undefined, errors: [], setErrors: () => undefined });

/** The refusal's message for exactly this field, if any. */
export const messageAt = (edit: TEdit, path: string) => edit.errors.find((e) => e.path === path)?.message ?? null;

function useField(path: string) {
  const edit = useContext(EditContext);
  const id = useId();
  const error = errorFor(edit.errors, path);
  return { id, invalid: error !== undefined, set: (value: unknown) => edit.set(path, value), message: error?.message ?? null, errorId: `${id}-error` };
}

function FieldMessage({ id, message }: { id: string; message: string | null }) {
  if (message === null) return null;
  return (
    <span id={id} role="alert" className="field-error">
      {message}
    </span>
  );
}

interface TFieldProps<V> {
  path: string;
  value: V;
  /** The label, when the form says it otherwise than the list of changes. */
  label?: string;
  hint?: string;
  /** The label for screen readers only, where a table's headers say it on screen. */
  hiddenLabel?: boolean;
}

function LabelText({ text, hidden }: { text: string; hidden?: boolean }) {
  return <span className={hidden ? 'visually-hidden' : undefined}>{text}</span>;
}

/** `emptyIsNull`: a field the charter lets be unset (null), such as the weekly SQL target. */
export function NumberField({ path, value, label, hint, hiddenLabel, step = 'any', min, emptyIsNull = false }: TFieldProps<number | null> & { step?: string; min?: number; emptyIsNull?: boolean }) {
  const field = useField(path);
  return (
    <label className="field">
      <LabelText text={label ?? shortLabel(path)} hidden={hiddenLabel} />
      <input
        type="number"
        inputMode="decimal"
        step={step}
        min={min}
        value={value === null || Number.isNaN(value) ? '' : String(value)}
        aria-invalid={field.invalid || undefined}
        aria-describedby={field.message ? field.errorId : undefined}
        onChange={(e) => field.set(e.target.value === '' ? (emptyIsNull ? null : NaN) : Number(e.target.value))}
      />
      {hint && <small className="muted">{hint}</small>}
      <FieldMessage id={field.errorId} message={field.message} />
    </label>
  );
}

export function TextField({ path, value, label }: TFieldProps<string>) {
  const field = useField(path);
  return (
    <label className="field">
      <span>{label ?? shortLabel(path)}</span>
      <input type="text" value={value} aria-invalid={field.invalid || undefined} onChange={(e) => field.set(e.target.value)} />
      <FieldMessage id={field.errorId} message={field.message} />
    </label>
  );
}

export function SelectField<V extends string>({ path, value, label, hiddenLabel, options, words }: TFieldProps<V> & { options: readonly V[]; words?: (option: V) => string }) {
  const field = useField(path);
  return (
    <label className="field">
      <LabelText text={label ?? shortLabel(path)} hidden={hiddenLabel} />
      <select value={value} aria-invalid={field.invalid || undefined} onChange={(e) => field.set(e.target.value)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {words ? words(option) : option}
          </option>
        ))}
      </select>
      <FieldMessage id={field.errorId} message={field.message} />
    </label>
  );
}

export function CheckField({ path, value, label }: TFieldProps<boolean>) {
  const field = useField(path);
  return (
    <label className="field check">
      <input type="checkbox" checked={value} onChange={(e) => field.set(e.target.checked)} />
      <span>{label ?? shortLabel(path)}</span>
      <FieldMessage id={field.errorId} message={field.message} />
    </label>
  );
}

/** Several choices from a fixed list, as checkboxes. */
export function ChoiceField<V extends string>({ path, value, label, options, words }: TFieldProps<readonly V[]> & { options: readonly V[]; words: (option: V) => string }) {
  const field = useField(path);
  return (
    <fieldset className="field choices" aria-invalid={field.invalid || undefined}>
      <legend>{label ?? shortLabel(path)}</legend>
      {options.map((option) => (
        <label key={option} className="check">
          <input
            type="checkbox"
            checked={value.includes(option)}
            onChange={(e) => field.set(e.target.checked ? options.filter((o) => o === option || value.includes(o)) : value.filter((o) => o !== option))}
          />
          <span>{words(option)}</span>
        </label>
      ))}
      <FieldMessage id={field.errorId} message={field.message} />
    </fieldset>
  );
}

/** A list of words, one a line; blank lines dropped. The text is kept as typed while editing. */
export function ListField({ path, value, label, hint }: TFieldProps<readonly string[]>) {
  const field = useField(path);
  const [text, setText] = useState(() => value.join('\n'));
  return (
    <label className="field list">
      <span>{label ?? shortLabel(path)}</span>
      <textarea
        rows={Math.min(8, Math.max(3, value.length + 1))}
        value={text}
        aria-invalid={field.invalid || undefined}
        onChange={(e) => {
          setText(e.target.value);
          field.set(
            e.target.value
              .split('\n')
              .map((line) => line.trim())
              .filter((line) => line !== ''),
          );
        }}
      />
      <small className="muted">{hint ?? 'One a line.'}</small>
      <FieldMessage id={field.errorId} message={field.message} />
    </label>
  );
}

/** A fieldset with its legend; the server's refusal about the group as a whole (not one of its fields) shows under it. */
export function Group({ legend, path, children, wide = false }: { legend: string; path?: string; children: ReactNode; wide?: boolean }) {
  const edit = useContext(EditContext);
  const message = path !== undefined ? messageAt(edit, path) : null;
  return (
    <fieldset className={wide ? 'group wide' : 'group'}>
      <legend>{legend}</legend>
      <div className="fields">{children}</div>
      {message && (
        <p role="alert" className="field-error">
          {message}
        </p>
      )}
    </fieldset>
  );
}
