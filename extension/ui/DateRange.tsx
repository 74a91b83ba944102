// A range of days as two date inputs (From, To, each bounding the other), and the words for
// one the server would refuse, said before asking: the dashboard's, the backtest's and the
// routing preview's.

export interface TDates {
  from: string;
  to: string;
}

/** "From" after "To"; an empty side is open, never wrong. */
export const isInvalidRange = (dates: TDates) => dates.from !== '' && dates.to !== '' && dates.from > dates.to;

export function DateRangeInputs({ dates, onChange }: { dates: TDates; onChange: (dates: TDates) => void }) {
  return (
    <>
      <label>
        From <input type="date" value={dates.from} max={dates.to || undefined} onChange={(e) => onChange({ ...dates, from: e.target.value })} />
      </label>
      <label>
        To <input type="date" value={dates.to} min={dates.from || undefined} onChange={(e) => onChange({ ...dates, to: e.target.value })} />
      </label>
    </>
  );
}

export function InvalidRangeAlert() {
  return (
    <p role="alert" className="error">
      “From” must be on or before “To”.
    </p>
  );
}

/**
 * The range and the button that runs a report over it, as one form: Enter in a date runs it
 * too; a range the server would refuse is not sent. `running`: the button's words meanwhile.
 */
export function RangeRunForm({ label, dates, onChange, pending, onRun, run, running }: { label: string; dates: TDates; onChange: (dates: TDates) => void; pending: boolean; onRun: () => void; run: string; running: string }) {
  const invalid = isInvalidRange(dates);
  return (
    <form
      className="range"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) onRun();
      }}
    >
      <DateRangeInputs dates={dates} onChange={onChange} />
      <button type="submit" className="primary" disabled={pending || invalid}>
        {pending ? running : run}
      </button>
    </form>
  );
}
