// A data table's header row: one column header per name, then, for tables whose rows end in
// buttons, an "Actions" header only screen readers hear. `numbers` right-aligns every column
// after the first (figures, as the backtest's and the load's).

export function TableHead({ columns, actions = false, numbers = false }: { columns: readonly string[]; actions?: boolean; numbers?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((column, i) => (
          <th key={column} scope="col" className={numbers && i > 0 ? 'num' : undefined}>
            {column}
          </th>
        ))}
        {actions && (
          <th scope="col" className="actions">
            <span className="visually-hidden">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
