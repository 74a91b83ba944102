import { UserText } from '../components/UserText';
import type { TRepRow } from '../lib/types';
import { repCells, type TRepColumn, type TSort } from '../ui/stats-view';

const COLUMNS: readonly { column: TRepColumn; label: string; numeric: boolean }[] = [
  { column: 'name', label: 'Rep', numeric: false },
  { column: 'accepted', label: 'Accepted', numeric: true },
  { column: 'rejected', label: 'Rejected', numeric: true },
  { column: 'acceptanceRate', label: 'Rate', numeric: true },
  { column: 'slaMetRate', label: 'SLA met', numeric: true },
  { column: 'firstTouchMedian', label: 'Median', numeric: true },
  { column: 'firstTouchP75', label: 'p75', numeric: true },
];

/** Per-rep acceptance, sortable by any column (aria-sort on the sorted one); a rep's name opens their handovers when `onOpen` is given. */
export function RepTable({ rows, sort, onSort, labelledBy, onOpen }: { rows: TRepRow[]; sort: TSort; onSort: (column: TRepColumn) => void; labelledBy: string; onOpen?: (row: TRepRow) => void }) {
  return (
    <table aria-labelledby={labelledBy} className="data">
      <thead>
        <tr>
          {COLUMNS.map(({ column, label, numeric }) => (
            <th key={column} scope="col" className={numeric ? 'num' : undefined} aria-sort={sort.column === column ? sort.direction : 'none'}>
              <button type="button" className="sort" onClick={() => onSort(column)}>
                {label}
                <span aria-hidden="true" className="arrow">
                  {sort.column === column ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                </span>
              </button>
            </th>
          ))}
          <th scope="col">Top reasons</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const [name, ...cells] = repCells(row);
          return (
            <tr key={row.repId}>
              <th scope="row">
                {onOpen ? (
                  <button type="button" className="link name-link" title={`${name}: the handovers behind these figures`} onClick={() => onOpen(row)}>
                    <UserText className="clip" text={name} />
                  </button>
                ) : (
                  <UserText className="clip" text={name} hover />
                )}
              </th>
              {cells.map((cell, i) => (
                <td key={COLUMNS[i + 1]?.column ?? 'reasons'} className={i < COLUMNS.length - 1 ? 'num' : 'reasons'}>
                  {cell}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
