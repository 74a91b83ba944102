import type { TAwayPeriod } from '../../shared/out-of-office';

// A person's periods out of office as rows of two date inputs, added and removed by an admin.
// Each input is named with its row ("First day of period 2") for a screen reader.

export function OutOfOfficeFields({ periods, onChange }: { periods: TAwayPeriod[]; onChange: (periods: TAwayPeriod[]) => void }) {
  const change = (index: number, edit: Partial<TAwayPeriod>) => onChange(periods.map((period, i) => (i === index ? { ...period, ...edit } : period)));
  return (
    <fieldset className="away">
      <legend className="muted small">Out of office (dates in their own time zone, first and last day included)</legend>
      {periods.length === 0 && <p className="muted small">No time away.</p>}
      {periods.map((period, index) => (
        <div className="away-row" key={index}>
          <label>
            <span>
              First day<span className="visually-hidden"> of period {index + 1}</span>
            </span>
            <input type="date" required value={period.from} onChange={(e) => change(index, { from: e.target.value })} />
          </label>
          <label>
            <span>
              Last day<span className="visually-hidden"> of period {index + 1}</span>
            </span>
            <input type="date" required value={period.to} min={period.from || undefined} onChange={(e) => change(index, { to: e.target.value })} />
          </label>
          <button type="button" className="plain-button" onClick={() => onChange(periods.filter((_, i) => i !== index))}>
            Remove<span className="visually-hidden"> period {index + 1}</span>
          </button>
        </div>
      ))}
      <button type="button" className="plain-button" onClick={() => onChange([...periods, { from: '', to: '' }])}>
        Add a period away
      </button>
    </fieldset>
  );
}
