import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { QueryStatus } from '../components/QueryStatus';
import { UserText } from '../components/UserText';
import { csvFileName, downloadText, toCsv, type TCsvCell } from '../ui/csv';
import { Dialog } from './Dialog';
import { TableHead } from '../components/TableHead';

// A drill-down in a dialog: a keyset-paged list from the server, as a table with "Show more",
// and the rows loaded so far as CSV.

interface TPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TDrillTableProps<T> {
  title: ReactNode;
  /** Names the table for a screen reader (and the tests). */
  tableName: string;
  queryKey: unknown[];
  fetchPage: (cursor: string | undefined) => Promise<TPage<T>>;
  columns: readonly string[];
  cells: (item: T) => string[];
  keyOf: (item: T) => string;
  csv: { what: string; days: { from?: string; to?: string }; header: readonly string[]; row: (item: T) => TCsvCell[] };
  empty: string;
  /** Opens what a row is about (the lead's packet), from its first cell. */
  onOpen?: (item: T) => void;
  onClose: () => void;
}

export function DrillTable<T>({ title, tableName, queryKey, fetchPage, columns, cells, keyOf, csv, empty, onOpen, onClose }: TDrillTableProps<T>) {
  const pages = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = pages.data?.pages.flatMap((page) => page.items) ?? [];
  const exportCsv = () => downloadText(csvFileName(csv.what, csv.days), toCsv(csv.header, items.map(csv.row)), 'text/csv');
  return (
    <Dialog
      title={title}
      onClose={onClose}
      actions={
        items.length > 0 && (
          <button type="button" className="plain-button" onClick={exportCsv}>
            Download CSV
          </button>
        )
      }
    >
      <QueryStatus query={pages} />
      {pages.data && items.length === 0 && <p className="muted">{empty}</p>}
      {items.length > 0 && (
        <div className="table-scroll">
          <table className="data drill-table" aria-label={tableName}>
            <TableHead columns={columns} />
            <tbody>
              {items.map((item) => {
                const [first, ...rest] = cells(item);
                return (
                  <tr key={keyOf(item)}>
                    <th scope="row">
                      {onOpen ? (
                        <button type="button" className="link name-link" title={`${first}: the handover packet`} onClick={() => onOpen(item)}>
                          <UserText className="clip" text={first} />
                        </button>
                      ) : (
                        <UserText className="clip" text={first} hover />
                      )}
                    </th>
                    {rest.map((cell, i) => (
                      <td key={columns[i + 1]}>
                        <UserText text={cell} />
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {pages.hasNextPage && (
        <p>
          <button type="button" className="plain-button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? 'Loading…' : 'Show more'}
          </button>
        </p>
      )}
      {pages.data && <p className="muted small note">{items.length} shown{pages.hasNextPage ? ', more to come' : ''}.</p>}
    </Dialog>
  );
}
